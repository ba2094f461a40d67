using Reflow.Components.Tests.Io;
using Reflow.Permissions;

namespace Reflow.Components.Tests.Permissions;

/// <summary>
/// The permission matrices are complete: every registered standard component whose compiled code can open a file,
/// a connection, an environment variable or a program (read from its IL, <see cref="OutsideReach"/>) has its granted
/// and denied cases — files in <see cref="FileComponentCase"/>, hosts in the http/ tests — and checks its permission
/// kind through <see cref="PermissionSet"/>. A new component that reaches outside fails here until it has its cases.
/// </summary>
public sealed class StandardComponentReachTests
{
    /// <summary>The components whose net access the http/ permission tests try, granted and denied (HttpPermissionTests, HttpGraphPermissionTests).</summary>
    private static readonly string[] s_netCases = ["http/Request"];

    private static IEnumerable<(string Name, Type Actor)> Standard() =>
        StandardComponents.Create().Select(c => (c.Description.Name, c.CreateActor().GetType()));

    [Fact]
    public void Every_component_that_reaches_outside_is_in_a_permission_matrix_and_no_other_is()
    {
        var reaching = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach ((string name, Type actor) in Standard())
        {
            IReadOnlySet<string> reach = OutsideReach.Of(actor);
            if (reach.Count > 0)
            {
                reaching[name] = string.Join(",", reach);
            }
        }

        var matrix = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (FileComponentCase c in FileComponentCase.All)
        {
            matrix[c.Component] = "file";
        }

        foreach (string name in s_netCases)
        {
            matrix[name] = "net";
        }

        Assert.Equal(matrix, reaching);
    }

    [Fact]
    public void Every_component_in_the_matrix_checks_its_kind_before_it_opens_anything()
    {
        Dictionary<string, Type> actors = Standard().ToDictionary(c => c.Name, c => c.Actor);
        foreach (FileComponentCase c in FileComponentCase.All)
        {
            string check = c.Reads ? "CheckRead" : "CheckWrite";
            Assert.True(OutsideReach.ChecksOf(actors[c.Component]).Contains(check), $"{c.Component} does not call PermissionSet.{check}");
        }

        foreach (string name in s_netCases)
        {
            Assert.True(OutsideReach.ChecksOf(actors[name]).Contains("TryCheckNet"), $"{name} does not call PermissionSet.TryCheckNet");
        }
    }

    [Fact]
    public void The_reader_of_compiled_code_sees_files_connections_variables_and_programs()
    {
        // The completeness test above is only as good as its reader: it must see each kind where it is.
        Assert.Equal(["file"], OutsideReach.Of(typeof(Fixtures.OpensAFile)));
        Assert.Equal(["net"], OutsideReach.Of(typeof(Fixtures.ConnectsThroughAHelper)));
        Assert.Equal(["env"], OutsideReach.Of(typeof(Fixtures.ReadsAVariableInALambda)));
        Assert.Equal(["run"], OutsideReach.Of(typeof(Fixtures.StartsAProgramInAnAsyncMethod)));
        Assert.Empty(OutsideReach.Of(typeof(Fixtures.ReachesNothing)));
    }
}
