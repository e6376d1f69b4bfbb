using System;
using System.Threading.Tasks;
using CXone.Core.Errors;
using CXone.Core.Tests.Support;

namespace CXone.Core.Tests.Hostile;

/// <summary>Token answers that cannot be represented or must not be sent are InvalidResponse, never blamed on the user.</summary>
public sealed class TokenAnswerTests
{
    [Theory]
    [InlineData("{\"access_token\":\"a-CanaryAccess-0001\",\"token_type\":\"Bearer\",\"expires_in\":1000000000000000}", "more than ten years")]
    [InlineData("{\"access_token\":\"a-CanaryAccess-0001\",\"token_type\":\"Bearer\",\"expires_in\":9223372036854775807}", "more than ten years")]
    [InlineData("{\"access_token\":\"a-CanaryAccess-0001\",\"token_type\":\"Bearer\",\"expires_in\":300000000000}", "more than ten years")]
    [InlineData("{\"access_token\":\"a-CanaryAccess-0001\",\"token_type\":\"Bearer\",\"expires_in\":1e15}", "not a whole number")]
    [InlineData("{\"access_token\":\"a-CanaryAccess-0001\",\"token_type\":\"MAC\",\"expires_in\":3600}", "other than Bearer")]
    [InlineData("{\"access_token\":\"a-CanaryAccess-0001\",\"token_type\":\"Bearer\\r\\nX-Evil: 1\",\"expires_in\":3600}", "other than Bearer")]
    [InlineData("{\"access_token\":\"a-CanaryAccess-0001\\r\\nX-Evil: 1\",\"token_type\":\"Bearer\",\"expires_in\":3600}", "control characters")]
    public async Task An_answer_that_cannot_be_used_is_an_invalid_response_naming_the_problem(string body, string problem)
    {
        await using var h = await AuthHarness.StartAsync();
        using var server = new CannedHttpServer(200, "application/json", body);
        using var listen = h.Listen();
        var options = h.Options();
        options.TokenEndpoint = new Uri(server.BaseUri, "auth/token");

        var ex = await Assert.ThrowsAsync<CXoneException>(() => CXone.Core.CXoneSession.ConnectAsync(options));

        Assert.Equal(CXoneErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains(problem, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        h.AssertNoSecrets(ex, "a-CanaryAccess-0001");
    }
}
