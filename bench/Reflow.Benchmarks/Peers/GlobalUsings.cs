// The side-by-side suites and their per-peer builders use each other throughout; their namespaces are global
// rather than repeated at the top of every file. (The peers' own namespaces, Akka.Actor and Proto, are not:
// both define ActorSystem and Props.)
global using Reflow.Benchmarks.Peers.AkkaNet;
global using Reflow.Benchmarks.Peers.ChannelTasks;
global using Reflow.Benchmarks.Peers.Common;
global using Reflow.Benchmarks.Peers.ProtoActor;
global using Reflow.Benchmarks.Peers.ReflowRuntime;
global using Reflow.Benchmarks.Peers.TplDataflow;
