namespace Reflow.Scripting.Tests.TypeScript;

/// <summary>TypeScript modules the transpiler tests share.</summary>
internal static class TypeScriptSources
{
    /// <summary>Interfaces, annotations, generics, casts, enums, parameter properties and type-only imports.</summary>
    public const string Typed = """
        import type { Message } from "./message";
        import { type Port } from "./port";

        export interface Reading {
          sensor: string;
          value: number;
          tags?: readonly string[];
        }

        type Pair<A, B> = [A, B];

        export enum Level {
          Low = 1,
          Mid,
          High = 10,
        }

        export const enum Flag { On = "on", Off = "off" }

        class Scaler<T extends number> {
          constructor(private readonly factor: T, public name: string = "scaler") {}
          scale(x: number): number {
            return x * (this.factor as number);
          }
        }

        function first<T>(items: T[]): T | undefined {
          return items.length > 0 ? items[0]! : undefined;
        }

        const reading: Reading = { sensor: "t1", value: 21.5 } satisfies Reading;
        const pair: Pair<string, number> = [reading.sensor, <number>reading.value];
        const anyValue = (JSON.parse("41") as unknown) as number;

        export const scaled: number = new Scaler(2).scale(reading.value);
        export const firstTag: string | undefined = first<string>(["a", "b"]);
        export const total = anyValue + 1;
        export const pairText = `${pair[0]}=${pair[1]}`;
        export const levels = [Level.Low, Level.Mid, Level.High, Level[10]];
        export const flag: Flag = Flag.On;
        export let generic = <T,>(x: T): T => x;
        """;
}
