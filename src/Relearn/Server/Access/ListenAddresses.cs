using System.Net;

namespace Relearn.Server.Access;

/// <summary>The addresses the server was asked to listen on (<c>--urls</c>), to tell loopback from the network.</summary>
internal sealed record ListenAddresses(string Urls)
{
    /// <summary>The addresses that are not loopback (<c>0.0.0.0</c>, <c>*</c>, a LAN address, a host name other than localhost).</summary>
    public IReadOnlyList<string> BeyondLoopback => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(url => !IsLoopback(url)).ToList();

    private static bool IsLoopback(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return false;
        }
        if (address.IsNamedPipe || address.IsUnixPipe)
        {
            return true;
        }
        var host = address.Host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
