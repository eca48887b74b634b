using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Relearn.Tests;

/// <summary>Every <c>[LoggerMessage]</c> of every assembly has its own event id, inside its project's range (docs/configuration.md, Log event ids).</summary>
public sealed class LogEventIdTests
{
    private static readonly (Assembly Assembly, int From, int To)[] Ranges =
    [
        (typeof(Relearn.Core.RelearnException).Assembly, 1000, 2999),
        (typeof(Relearn.GitHub.GitHubServiceCollectionExtensions).Assembly, 3000, 3999),
        (typeof(Relearn.Postgres.PostgresConnectionString).Assembly, 4000, 4999),
        (typeof(Relearn.S3.S3ServiceCollectionExtensions).Assembly, 5000, 5999),
        (typeof(Relearn.Server.RelearnServer).Assembly, 6000, 6999),
    ];

    private static IEnumerable<(string Method, int Id, Assembly Assembly)> Messages() =>
        from range in Ranges
        from type in range.Assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select ($"{type.FullName}.{method.Name}", attribute.EventId, range.Assembly);

    [Fact]
    public void NoTwoLogMessages_ShareAnEventId_AcrossTheAssemblies()
    {
        var messages = Messages().ToList();

        Assert.True(messages.Count > 40, $"found only {messages.Count} [LoggerMessage] methods");
        var clashes = messages.GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}").ToList();
        Assert.True(clashes.Count == 0, "event ids used twice: " + string.Join("; ", clashes));
    }

    [Fact]
    public void EveryLogMessage_IsInItsProjectsRange()
    {
        var outside = Messages()
            .Where(m => Ranges.Single(r => r.Assembly == m.Assembly) is var range && (m.Id < range.From || m.Id > range.To))
            .Select(m => $"{m.Method} = {m.Id}").ToList();

        Assert.True(outside.Count == 0, "outside their project's range: " + string.Join("; ", outside));
    }
}
