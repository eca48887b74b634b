using Microsoft.Extensions.Options;

namespace Relearn.Server.Access;

/// <summary>Wires access control into the server.</summary>
internal static class AccessServiceCollectionExtensions
{
    /// <summary>Adds <c>Relearn:Auth</c>, validated at start against the addresses in <paramref name="urls"/>.</summary>
    public static IServiceCollection AddRelearnAccess(this IServiceCollection services, string urls)
    {
        services.AddSingleton(new ListenAddresses(urls));
        services.AddOptions<AuthOptions>().BindConfiguration("Relearn:Auth").ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidation>();
        services.AddSingleton<AccessTokens>();
        return services;
    }

    /// <summary>Checks tokens before anything else answers.</summary>
    public static IApplicationBuilder UseRelearnAccess(this IApplicationBuilder app) => app.UseMiddleware<AccessControlMiddleware>();
}
