using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace RspAdmin.Cmdlets.Infrastructure;

/// <summary>
/// Runs when PowerShell imports the module. Routes the engine assembly (RspAdmin.Core) into a private
/// <see cref="AssemblyLoadContext"/> that loads its dependencies (YamlDotNet, KubernetesClient, ...)
/// from the module's <c>Dependencies</c> folder, so a session that already loaded other versions
/// of those libraries keeps working, and so does RspAdmin.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    private const string EngineAssemblyName = "RspAdmin.Core";

    private static readonly string DependencyDirectory = Path.Combine(
        Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".",
        "Dependencies");

    private static readonly Lazy<DependencyLoadContext> Context =
        new(() => new DependencyLoadContext(DependencyDirectory));

    /// <inheritdoc />
    public void OnImport()
    {
        AssemblyLoadContext.Default.Resolving -= ResolveEngine;
        AssemblyLoadContext.Default.Resolving += ResolveEngine;
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName name)
    {
        // Only the engine is redirected from the default context; everything it needs is found by
        // the private context itself, which keeps its dependencies invisible to other modules.
        if (!string.Equals(name.Name, EngineAssemblyName, StringComparison.Ordinal))
        {
            return null;
        }

        return Directory.Exists(DependencyDirectory) ? Context.Value.LoadFromAssemblyName(name) : null;
    }

    /// <summary>The load context that holds RspAdmin.Core and its third-party dependencies.</summary>
    private sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly string _directory;

        public DependencyLoadContext(string directory)
            : base("RspAdmin", isCollectible: false)
        {
            _directory = directory;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var candidate = Path.Combine(_directory, assemblyName.Name + ".dll");
            // Framework assemblies (System.*) are not shipped in Dependencies and fall through to the
            // default context, so they are shared with PowerShell.
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
