using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace CXone.PowerShell.Tests;

/// <summary>
/// Cmdlets stay thin (docs/architecture.md, rules of the house 1): no cmdlet class (nor its lambdas and async state machines)
/// touches HttpClient, request/response messages, handlers, Polly, System.Text.Json or the token provider,
/// read from the IL of the built assembly; and every cmdlet source file stays short.
/// </summary>
[Collection("module")]
public sealed class ThinCmdletTests
{
    private static readonly string[] Forbidden =
    {
        "System.Net.Http.HttpClient", "System.Net.Http.HttpRequestMessage", "System.Net.Http.HttpResponseMessage",
        "System.Net.Http.HttpMessageHandler", "System.Net.Http.DelegatingHandler", "System.Net.Http.HttpContent",
        "Polly.", "System.Text.Json.", "CXone.Core.Auth.ITokenProvider", "CXone.Core.Http.CXoneHttpPipeline",
    };

    private const int MaxCmdletSourceLines = 200;

    private readonly ModuleMetadata _m;

    public ThinCmdletTests(ModuleMetadata m) => _m = m;

    [Fact]
    public void No_cmdlet_class_references_HTTP_retry_JSON_or_token_types_in_its_IL()
    {
        var references = IlReferences.Read(Path.Combine(_m.ModuleOutput, "CXone.PowerShell.dll"));
        var cmdletNames = _m.Cmdlets.Select(c => c.Type.FullName!).ToList();
        Assert.All(cmdletNames, n => Assert.True(references.ContainsKey(n), "IL of " + n + " not read"));
        var offenders = cmdletNames
            .SelectMany(n => references[n].Where(r => Forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal))).Select(r => n + " -> " + r))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void No_type_of_the_cmdlet_layer_holds_HTTP_retry_or_token_logic_and_JSON_stays_in_the_Json_folder()
    {
        // The helpers too (maps, pump, session registry): what a cmdlet must not do, its helpers must not do for it.
        var references = IlReferences.Read(Path.Combine(_m.ModuleOutput, "CXone.PowerShell.dll"));
        var offenders = references
            .SelectMany(kv => kv.Value
                .Where(r => Forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal)))
                .Where(r => !(r.StartsWith("System.Text.Json.", StringComparison.Ordinal) && kv.Key.StartsWith("CXone.PowerShell.Json.", StringComparison.Ordinal)))
                .Select(r => kv.Key + " -> " + r))
            .ToList();
        Assert.Empty(offenders);
        Assert.Contains(references["CXone.PowerShell.Json.JsonValues"], r => r.StartsWith("System.Text.Json.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_IL_reader_sees_member_references_including_lambdas_and_state_machines()
    {
        var references = IlReferences.Read(Path.Combine(_m.ModuleOutput, "CXone.PowerShell.dll"));
        Assert.Contains("System.AppDomain", references["CXone.PowerShell.CXoneModuleInitializer"]);
        // ConnectAsync is called inside a lambda (a nested closure class): the reader must attribute it to the cmdlet.
        Assert.Contains("CXone.Core.CXoneSession", references["CXone.PowerShell.Commands.ConnectCXoneCommand"]);
        Assert.Contains(references.Values.SelectMany(v => v), r => r.StartsWith("System.Threading.Tasks.Task", StringComparison.Ordinal));
    }

    [Fact]
    public void Cmdlet_source_files_stay_short()
    {
        var folder = Path.Combine(_m.RepoRoot, "src", "CXone.PowerShell", "Commands");
        var files = Directory.GetFiles(folder, "*Command.cs");
        Assert.Equal(_m.Cmdlets.Count, files.Length);
        Assert.All(files, f =>
        {
            var lines = File.ReadAllLines(f).Length;
            Assert.True(lines <= MaxCmdletSourceLines, Path.GetFileName(f) + " has " + lines + " lines (ceiling " + MaxCmdletSourceLines + ")");
        });
    }
}

/// <summary>Type names referenced by the IL of each top-level type (its nested closure and state-machine types included).</summary>
internal static class IlReferences
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static Dictionary<string, HashSet<string>> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var names = new NameProvider(md);
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var handle in md.TypeDefinitions)
        {
            var outer = handle;
            while (md.GetTypeDefinition(outer).GetDeclaringType() is { IsNil: false } parent)
            {
                outer = parent;
            }

            var key = names.Name(outer);
            if (!result.TryGetValue(key, out var set))
            {
                result[key] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            foreach (var methodHandle in md.GetTypeDefinition(handle).GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }

                var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader();
                while (il.RemainingBytes > 0)
                {
                    short value = il.ReadByte();
                    if (value == 0xFE)
                    {
                        value = unchecked((short)(0xFE00 | il.ReadByte()));
                    }

                    var op = OpCodesByValue[value];
                    switch (op.OperandType)
                    {
                        case OperandType.InlineNone: break;
                        case OperandType.ShortInlineBrTarget:
                        case OperandType.ShortInlineI:
                        case OperandType.ShortInlineVar: il.ReadByte(); break;
                        case OperandType.InlineVar: il.ReadInt16(); break;
                        case OperandType.InlineI8:
                        case OperandType.InlineR: il.ReadInt64(); break;
                        case OperandType.InlineSwitch:
                            var count = il.ReadInt32();
                            for (var i = 0; i < count; i++)
                            {
                                il.ReadInt32();
                            }

                            break;
                        case OperandType.InlineField:
                        case OperandType.InlineMethod:
                        case OperandType.InlineType:
                        case OperandType.InlineTok:
                            names.AddReferenced(MetadataTokens.EntityHandle(il.ReadInt32()), set);
                            break;
                        default: il.ReadInt32(); break; // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR is 4 too
                    }
                }
            }
        }

        return result;
    }

    private sealed class NameProvider : ISignatureTypeProvider<string, object?>
    {
        private readonly MetadataReader _md;

        public NameProvider(MetadataReader md) => _md = md;

        public string Name(TypeDefinitionHandle handle)
        {
            var t = _md.GetTypeDefinition(handle);
            var declaring = t.GetDeclaringType();
            return declaring.IsNil ? Join(_md.GetString(t.Namespace), _md.GetString(t.Name)) : Name(declaring) + "+" + _md.GetString(t.Name);
        }

        public void AddReferenced(EntityHandle handle, HashSet<string> into)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                case HandleKind.TypeReference:
                case HandleKind.TypeSpecification:
                    AddType(handle, into);
                    break;
                case HandleKind.MethodDefinition:
                    var def = _md.GetMethodDefinition((MethodDefinitionHandle)handle);
                    into.Add(Name(def.GetDeclaringType()));
                    AddSignature(def.DecodeSignature(this, null), into);
                    break;
                case HandleKind.FieldDefinition:
                    var field = _md.GetFieldDefinition((FieldDefinitionHandle)handle);
                    into.Add(Name(field.GetDeclaringType()));
                    into.Add(field.DecodeSignature(this, null));
                    break;
                case HandleKind.MemberReference:
                    var member = _md.GetMemberReference((MemberReferenceHandle)handle);
                    AddReferenced(member.Parent, into);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        AddSignature(member.DecodeMethodSignature(this, null), into);
                    }
                    else
                    {
                        into.Add(member.DecodeFieldSignature(this, null));
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var spec = _md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    AddReferenced(spec.Method, into);
                    foreach (var arg in spec.DecodeSignature(this, null))
                    {
                        into.Add(arg);
                    }

                    break;
            }
        }

        private void AddType(EntityHandle handle, HashSet<string> into)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition: into.Add(Name((TypeDefinitionHandle)handle)); break;
                case HandleKind.TypeReference: into.Add(GetTypeFromReference(_md, (TypeReferenceHandle)handle, 0)); break;
                case HandleKind.TypeSpecification:
                    foreach (var part in _md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null).Split('|'))
                    {
                        into.Add(part);
                    }

                    break;
            }
        }

        private static void AddSignature(MethodSignature<string> signature, HashSet<string> into)
        {
            foreach (var part in signature.ParameterTypes.Append(signature.ReturnType).SelectMany(p => p.Split('|')))
            {
                into.Add(part);
            }
        }

        private static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

        // Compound types are flattened into '|'-separated names so every part is checked.
        public string GetArrayType(string elementType, ArrayShape shape) => elementType;
        public string GetByReferenceType(string elementType) => elementType;
        public string GetFunctionPointerType(MethodSignature<string> signature) => string.Join("|", signature.ParameterTypes.Append(signature.ReturnType));
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => string.Join("|", typeArguments.Prepend(genericType));
        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetPointerType(string elementType) => elementType;
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode;
        public string GetSZArrayType(string elementType) => elementType;
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Name(handle);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var r = reader.GetTypeReference(handle);
            return r.ResolutionScope.Kind == HandleKind.TypeReference
                ? GetTypeFromReference(reader, (TypeReferenceHandle)r.ResolutionScope, 0) + "+" + reader.GetString(r.Name)
                : Join(reader.GetString(r.Namespace), reader.GetString(r.Name));
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
