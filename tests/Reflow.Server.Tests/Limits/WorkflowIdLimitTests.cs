using System.Net;
using System.Text.Json.Nodes;
using Reflow.Server.Tests.Workflows;
using Reflow.Server.Workflows;

namespace Reflow.Server.Tests.Limits;

/// <summary>
/// Workflow and execution ids (WorkflowRequest.MaxIdLength: 200 characters, no control characters; not configurable):
/// they appear in URLs, headers and logs, so the workflow API refuses longer ones with HTTP 400 naming the field.
/// </summary>
public sealed class WorkflowIdLimitTests
{
    private const string Refusal = "at most 200 characters, none of them control characters";

    [Fact]
    public async Task Ids_of_200_characters_are_taken_and_the_execution_is_found_by_its_id()
    {
        Assert.Equal(200, WorkflowRequest.MaxIdLength);
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();
        string workflowId = new('w', WorkflowRequest.MaxIdLength);
        string executionId = new('e', WorkflowRequest.MaxIdLength);

        string id = await server.SubmitAsync(WorkflowTestServer.Request(WorkflowGraphs.Greeting(), workflowId: workflowId, executionId: executionId));
        JsonObject state = await server.FinishedAsync(id);

        Assert.Equal(executionId, id);
        Assert.Equal("Completed", (string?)state["status"]);
        Assert.Equal(workflowId, (string?)state["workflow_id"]);
    }

    [Theory]
    [InlineData("workflow_id")]
    [InlineData("execution_id")]
    public async Task An_id_of_201_characters_is_400_naming_the_field_and_the_limit(string field)
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();
        string tooLong = new('x', WorkflowRequest.MaxIdLength + 1);
        JsonObject request = field == "workflow_id"
            ? WorkflowTestServer.Request(WorkflowGraphs.Greeting(), workflowId: tooLong)
            : WorkflowTestServer.Request(WorkflowGraphs.Greeting(), executionId: tooLong);

        (HttpStatusCode status, JsonObject answer) = await server.PostAsync("workflows", request);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False((bool?)answer["success"]);
        Assert.Equal($"body.metadata.{field}: {Refusal}.", (string?)answer["error"]);
        Assert.Equal(HttpStatusCode.NotFound, (await server.GetAsync($"workflows/{tooLong}")).Status); // nothing was started
    }

    [Theory]
    [InlineData("workflow_id", "wf\nforged: header")]
    [InlineData("execution_id", "run\u0000")]
    [InlineData("execution_id", "tab\there")]
    [InlineData("workflow_id", "del\u007f")]
    public async Task An_id_with_a_control_character_is_400_naming_the_field(string field, string id)
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();
        JsonObject request = field == "workflow_id"
            ? WorkflowTestServer.Request(WorkflowGraphs.Greeting(), workflowId: id)
            : WorkflowTestServer.Request(WorkflowGraphs.Greeting(), executionId: id);

        (HttpStatusCode status, JsonObject answer) = await server.PostAsync("workflows", request);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($"body.metadata.{field}: {Refusal}.", (string?)answer["error"]);
    }

    [Fact]
    public async Task Over_the_socket_an_id_of_201_characters_is_an_error_naming_the_field_and_the_connection_goes_on()
    {
        await using WorkflowTestServer server = await WorkflowTestServer.StartAsync();
        await using WorkflowSocketClient client = await WorkflowSocketClient.ConnectAsync(server.SocketUrl);
        JsonObject Start(string workflowId) => new()
        {
            ["type"] = "start_workflow",
            ["data"] = WorkflowTestServer.Request(WorkflowGraphs.Greeting(), workflowId: workflowId),
        };

        await client.SendAsync(Start(new string('x', WorkflowRequest.MaxIdLength + 1)));
        JsonObject refused = await client.ReceiveAsync();
        await client.SendAsync(Start(new string('x', WorkflowRequest.MaxIdLength)));
        JsonObject started = await client.ReceiveAsync();

        Assert.Equal("error", (string?)refused["type"]);
        Assert.Equal($"Invalid request: data.metadata.workflow_id: {Refusal}.", (string?)refused["error"]);
        Assert.Equal("workflow_started", (string?)started["type"]);
    }
}
