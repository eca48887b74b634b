using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relearn.Core.Metadata;
using Relearn.Core.Registry;

namespace Relearn.Core.Webhooks;

/// <summary>Registers promotion webhooks.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>Adds <see cref="WebhookDispatcher"/> with <c>Relearn:Webhooks</c> and <c>Relearn:WebhookDelivery</c> (needs an IConfiguration when resolved).</summary>
    public static IServiceCollection AddRelearnWebhooks(this IServiceCollection services)
    {
        services.AddOptions<List<WebhookOptions>>().BindConfiguration("Relearn:Webhooks").ValidateOnStart();
        services.AddSingleton<IValidateOptions<List<WebhookOptions>>, WebhookOptionsValidation>();
        services.AddOptions<WebhookDeliveryOptions>().BindConfiguration("Relearn:WebhookDelivery").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IWebhookStore>(sp => sp.GetRequiredService<SqliteMetadataStore>());
        services.AddSingleton(sp => new WebhookDispatcher(sp.GetRequiredService<IWebhookStore>(), sp.GetRequiredService<IModelRegistryStore>(),
            sp.GetRequiredService<IOptions<List<WebhookOptions>>>(), sp.GetRequiredService<IOptions<WebhookDeliveryOptions>>(),
            new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WebhookDispatcher>>()));
        return services;
    }
}
