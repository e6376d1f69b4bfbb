using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.PowerShell.Errors;
using CXone.PowerShell.Hosting;
using CXone.PowerShell.Sessions;

namespace CXone.PowerShell.Tests;

/// <summary>Error categories, target summaries, CI masking, the dependency resolver and per-runspace defaults.</summary>
public sealed class HostHelperTests
{
    [Fact]
    public void Every_error_kind_has_a_specific_category_and_the_ErrorId_CXone_Kind()
    {
        foreach (var kind in Enum.GetValues<CXoneErrorKind>())
        {
            var category = ErrorCategories.For(kind);
            Assert.True(category.HasValue, kind + " has no ErrorCategory");
            Assert.NotEqual(ErrorCategory.NotSpecified, category!.Value);
            Assert.Equal("CXone." + kind, new CXoneException(kind, "m", "a").ErrorId);
        }

        Assert.Equal(ErrorCategory.ObjectNotFound, ErrorCategories.For(CXoneErrorKind.RecordingNotFound));
        Assert.Equal(ErrorCategory.AuthenticationError, ErrorCategories.For(CXoneErrorKind.AuthenticationFailed));
        Assert.Equal(ErrorCategory.PermissionDenied, ErrorCategories.For(CXoneErrorKind.Forbidden));
        Assert.Equal(ErrorCategory.LimitsExceeded, ErrorCategories.For(CXoneErrorKind.RateLimited));
        Assert.Equal(ErrorCategory.OperationTimeout, ErrorCategories.For(CXoneErrorKind.Timeout));
    }

    [Fact]
    public void Target_summaries_drop_queries_and_secrets()
    {
        Redactor.AddSecret("S3cr3t+Key/==");
        Assert.Equal("https://storage.example/media/1.mp4", TargetSummary.Of(new Uri("https://storage.example/media/1.mp4?sig=abc&se=1")));
        Assert.Equal("GET /inContactAPI/services/v30.0/agents", TargetSummary.Request("get", "/inContactAPI/services/v30.0/agents?access_token=eyJa.eyJb.c"));
        Assert.Equal("key ***", TargetSummary.Of("key S3cr3t+Key/=="));
        Assert.Equal("12345", TargetSummary.Of(12345L));
        Assert.Equal(string.Empty, TargetSummary.Of(null));
    }

    [Fact]
    public void Mask_commands_are_written_only_inside_GitHub_Actions_or_Azure_DevOps()
    {
        Assert.Empty(CiSecretMask.CommandsFor("tok", new Hashtable()));
        Assert.Empty(CiSecretMask.CommandsFor("tok", new Hashtable { ["GITHUB_ACTIONS"] = "false" }));
        Assert.Equal(new[] { "::add-mask::tok" }, CiSecretMask.CommandsFor("tok", new Hashtable { ["GITHUB_ACTIONS"] = "true" }));
        Assert.Equal(new[] { "##vso[task.setsecret]tok" }, CiSecretMask.CommandsFor("tok", new Hashtable { ["TF_BUILD"] = "True" }));
        Assert.Equal(2, CiSecretMask.CommandsFor("tok", new Hashtable { ["GITHUB_ACTIONS"] = "true", ["TF_BUILD"] = "True" }).Count);
        Assert.Empty(CiSecretMask.CommandsFor("two\nlines", new Hashtable { ["GITHUB_ACTIONS"] = "true" }));
    }

    [Fact]
    public void Secure_strings_round_trip_and_revealed_values_are_redacted_from_then_on()
    {
        var secure = SecureStrings.Protect("pa55-Word-Canary");
        Assert.True(secure.IsReadOnly());
        Assert.Equal("pa55-Word-Canary", SecureStrings.Reveal(secure));
        Assert.Equal("x *** y", Redactor.Sanitize("x pa55-Word-Canary y"));
        Assert.Null(SecureStrings.Reveal(null));
    }

    [Fact]
    public void The_dependency_resolver_answers_older_requests_from_the_module_folder_only()
    {
        var folder = Path.Combine(ModuleMetadata.Setting("ModuleOutput"), DependencyResolver.FolderName);
        var memory = Path.Combine(folder, "System.Memory.dll");
        Assert.True(File.Exists(memory));

        Assert.Equal(memory, DependencyResolver.Find(folder, "System.Memory, Version=4.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"));
        Assert.Equal(Path.Combine(folder, "CXone.Core.dll"), DependencyResolver.Find(folder, "CXone.Core"));
        Assert.Null(DependencyResolver.Find(folder, "System.Memory, Version=99.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"));
        Assert.Null(DependencyResolver.Find(folder, "System.Management.Automation, Version=3.0.0.0"));
        Assert.Null(DependencyResolver.Find(folder, "CXone.Core.resources, Version=0.1.0.0, Culture=de"));
        Assert.Null(DependencyResolver.Find(folder, "not a valid, name=="));
    }

    [Fact]
    public void Each_runspace_key_has_its_own_default_and_clearing_only_clears_the_same_session()
    {
        var defaults = new RunspaceDefaults<object>();
        object runspaceA = new(), runspaceB = new(), session1 = new(), session2 = new();

        defaults.Set(runspaceA, session1);
        Assert.Same(session1, defaults.Get(runspaceA));
        Assert.Null(defaults.Get(runspaceB));
        Assert.Null(defaults.Get(null));

        defaults.Set(runspaceB, session2);
        Assert.False(defaults.ClearIf(runspaceA, session2));
        Assert.Same(session1, defaults.Get(runspaceA));
        Assert.True(defaults.ClearIf(runspaceA, session1));
        Assert.Null(defaults.Get(runspaceA));
        Assert.Same(session2, defaults.Get(runspaceB));
    }
}
