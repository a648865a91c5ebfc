namespace RspAdmin.Registry.Tests;

/// <summary>Tests that share the seeded open registry.</summary>
[CollectionDefinition(Name)]
public sealed class SeededRegistryCollection : ICollectionFixture<SeededRegistryFixture>
{
    public const string Name = "seeded registry";
}
