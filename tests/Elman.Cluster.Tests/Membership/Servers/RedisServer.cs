using Elman.Cluster.Tests.Support;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Elman.Cluster.Tests.Membership.Servers;

/// <summary>
/// A throw-away redis-server on a free loopback port, in memory only (no RDB snapshots, no append-only file), started
/// for a test class and killed after it.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    ServerProcess? server;
    readonly string directory = Path.Combine(Path.GetTempPath(), $"elman-redis-{Guid.NewGuid():N}");

    public int Port { get; } = FreePort.Next();

    /// <summary>"127.0.0.1:port", the form the membership settings take.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo(Executables.RedisServer()) { WorkingDirectory = directory };
        foreach (var arg in new[] { "--port", $"{Port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory, "--daemonize", "no" })
            start.ArgumentList.Add(arg);
        server = ServerProcess.Start(start);
        try { await WaitUntilItAnswersPing(); }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    async Task WaitUntilItAnswersPing()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (server!.HasExited) throw new InvalidOperationException($"redis-server exited during start-up:\n{server.Tail}");
            if (await AnswersPing()) return;
            if (deadline.Elapsed > StartTimeout) throw new TimeoutException($"redis-server did not answer PING on port {Port} within {StartTimeout.TotalSeconds} s:\n{server.Tail}");
            await Task.Delay(100);
        }
    }

    async Task<bool> AnswersPing()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var reply = new byte[64];
            int read = await stream.ReadAsync(reply, timeout.Token);
            return Encoding.ASCII.GetString(reply, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    public Task DisposeAsync()
    {
        server?.Dispose();
        server = null;
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }
}
