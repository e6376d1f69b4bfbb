using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Api;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.Core.Http;
using CXone.Core.Tests.Requests.Support;

namespace CXone.Core.Tests.Hostile;

/// <summary>
/// What a hostile server can put in front of a person: CR/LF that forges extra lines, ANSI/OSC/C1 escape sequences
/// that clear the screen or set the terminal's title, bidi overrides, and texts of megabytes. None of it survives into
/// an exception's text, and secrets are masked in every JSON and percent spelling a writer may give them.
/// </summary>
public sealed class HostileTextTests
{
    [Theory]
    [InlineData("line one\r\nWARNING: forged line", "line one WARNING: forged line")]
    [InlineData("clear \u001b[2J\u001b[Hscreen", "clear screen")]
    [InlineData("title \u001b]0;pwned\u0007here", "title here")]
    [InlineData("title \u001b]2;pwned\u001b\\here", "title here")]
    [InlineData("c1 \u009b31mred\u009b0m text", "c1 red text")]
    [InlineData("osc8 \u001b]8;;http://evil/\u001b\\link\u001b]8;;\u001b\\", "osc8 link")]
    [InlineData("bell\u0007 nul\u0000 del\u007f bidi\u202egnp.exe", "bell nul del bidignp.exe")]
    [InlineData("tab\there", "tab here")]
    public void Control_characters_and_escape_sequences_never_reach_a_message(string serverText, string shown)
    {
        Assert.Equal(shown, Redactor.Sanitize(serverText));
        var ex = new CXoneException(CXoneErrorKind.BadRequest, serverText, "act", errorDescription: serverText);
        Assert.Equal(shown, ex.Message);
        Assert.Equal(shown, ex.ErrorDescription);
    }

    [Theory]
    [InlineData("\\u0026\\u002b")] // '&' and '+' as other JSON writers escape them (lower-case hex)
    [InlineData("\\u0026\\u002B")]
    [InlineData("&\\u002b")]
    [InlineData("\\u0026+")]
    public void A_registered_secret_is_masked_in_any_JSON_escaping(string ampersandPlus)
    {
        const string secret = "Hostile&+Canary/Secret=";
        Redactor.AddSecret(secret);
        var spelled = "Hostile" + ampersandPlus + "Canary\\/Secret\\u003d";
        Assert.Equal("echo *** end", Redactor.Sanitize("echo " + spelled + " end"));

        var allEscaped = string.Concat(secret.Select(c => "\\u" + ((int)c).ToString("x4")));
        Assert.Equal("echo *** end", Redactor.Sanitize("echo " + allEscaped + " end"));
    }

    [Fact]
    public void A_registered_secret_is_masked_in_mixed_percent_encodings()
    {
        const string secret = "Pct Canary+/=Secret";
        Redactor.AddSecret(secret);
        foreach (var spelled in new[] { "Pct%20Canary%2B%2F%3DSecret", "Pct+Canary%2b%2f%3dSecret", "Pct%20Canary%2b/=Secret", "Pct Canary%2B/%3dSecret" })
        {
            Assert.Equal("x *** y", Redactor.Sanitize("x " + spelled + " y"));
        }
    }

    [Fact]
    public async Task A_5_MB_error_message_with_forged_lines_becomes_one_short_line()
    {
        var huge = "first\r\nSECOND LINE \u001b[2J" + new string('x', 5 * 1024 * 1024);
        var json = "{\"message\":" + System.Text.Json.JsonSerializer.Serialize(huge) + "}";
        using var server = new ScriptedHttpServer((ctx, r) => ScriptedHttpServer.WriteAsync(ctx, 400, "application/json", json));
        using var scripted = new ScriptedApi(server);
        var api = scripted.Api;

        var error = await Assert.ThrowsAsync<CXoneException>(() => api.SendAsync(new CXoneRequest(HttpMethod.Get, "skills"), CancellationToken.None));

        Assert.Equal(CXoneErrorKind.BadRequest, error.Kind);
        Assert.StartsWith("first SECOND LINE xxx", error.ErrorDescription);
        Assert.True(error.ErrorDescription!.Length <= Redactor.MaxServerText + 3, "description cut to the documented length");
        Assert.True(error.Message.Length <= CXoneException.MaxMessage + 3, "message cut to the documented length");
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\r', error.Message);
        Assert.DoesNotContain('\u001b', error.Message);
        Assert.Contains("first SECOND LINE", error.Message);
    }
}
