using System;
using System.Threading.Tasks;
using CXone.Core;
using CXone.Core.Auth;
using CXone.Emulator;

namespace CXone.PowerShell.Tests;

/// <summary>
/// The Core members the cmdlets call on a session (src/CXone.Core/CXoneSession.Clients.cs), over real HTTP
/// against the in-process emulator.
/// </summary>
public sealed class SessionClientsTests
{
    private const string ServerTimeRoute = "GET /inContactAPI/services/{version}/server-time";

    private static Task<CXoneSession> ConnectAsync(CXoneEmulator emu) => CXoneSession.ConnectAsync(new CXoneSessionOptions
    {
        Issuer = emu.IssuerUri,
        ClientId = emu.Options.ClientId,
        ClientSecret = emu.Options.ClientSecret,
        Credential = new AccessKeyCredential(emu.Options.AccessKeyId, emu.Options.AccessKeySecret),
    });

    [Fact]
    public async Task TestConnection_makes_one_server_time_call_with_the_cached_token()
    {
        await using var emu = await CXoneEmulator.StartAsync(new EmulatorOptions());
        using var session = await ConnectAsync(emu);

        var serverTime = await session.TestConnectionAsync();

        Assert.NotNull(serverTime);
        Assert.Equal(TimeSpan.Zero, serverTime!.Value.Offset);
        var stats = emu.GetStats();
        Assert.Equal(1, stats.Requests(ServerTimeRoute, 200));
        Assert.Equal(1, stats.Grants("password"));
    }

    [Fact]
    public async Task The_clients_are_created_once_per_session_and_refused_after_Disconnect()
    {
        await using var emu = await CXoneEmulator.StartAsync(new EmulatorOptions());
        var session = await ConnectAsync(emu);
        using var other = await ConnectAsync(emu);

        Assert.Same(session.Api, session.Api);
        Assert.Same(session.Recordings, session.Recordings);
        Assert.Same(session.Contacts, session.Contacts);
        Assert.NotSame(session.Recordings, other.Recordings);

        session.Dispose();
        // The cmdlets map this to CXone.NotConnected ("This CXone session was disconnected").
        Assert.Throws<ObjectDisposedException>(() => session.Recordings);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.TestConnectionAsync());
    }
}
