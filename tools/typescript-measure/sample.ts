// A ~100-line TypeScript module for tools/typescript-measure/measure.cs: the shapes a script actor uses.
import type { Context } from "./context";

export interface Reading {
  sensor: string;
  value: number;
  unit?: "C" | "F";
  tags: readonly string[];
}

export enum Severity {
  Info,
  Warning = 5,
  Error,
}

type Handler<T> = (input: T, context: Context) => Partial<Record<string, unknown>>;

export const actorMetadata = {
  name: "sensors/Normalize",
  description: "Normalizes readings to Celsius and flags outliers",
  inports: [{ name: "in", type: "object", description: "a reading", required: true }],
  outports: [{ name: "out", type: "object" }, { name: "alert", type: "object" }],
  config: { type: "object", properties: { limit: { type: "number" } } },
} as const;

class Window<T extends number> {
  private readonly items: T[] = [];
  constructor(private readonly size: number) {}
  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.size) {
      this.items.shift();
    }
  }
  mean(): number {
    let sum = 0;
    for (const item of this.items) {
      sum += item as number;
    }
    return this.items.length === 0 ? 0 : sum / this.items.length;
  }
}

function toCelsius(reading: Reading): number {
  return reading.unit === "F" ? ((reading.value - 32) * 5) / 9 : reading.value;
}

function severityOf(value: number, limit: number): Severity {
  if (value > limit * 1.5) {
    return Severity.Error;
  }
  return value > limit ? Severity.Warning : Severity.Info;
}

export function init(context: Context & { state: { window?: Window<number> } }): void {
  context.state.window = new Window<number>(10);
}

export function helper1<K extends string, V>(map: Map<K, V>, key: K, fallback: V): V {
  const found: V | undefined = map.get(key);
  return found ?? fallback;
}

export function helper2<K extends string, V>(map: Map<K, V>, key: K, fallback: V): V {
  const found: V | undefined = map.get(key);
  return found ?? fallback;
}

export function helper3<K extends string, V>(map: Map<K, V>, key: K, fallback: V): V {
  const found: V | undefined = map.get(key);
  return found ?? fallback;
}

export function helper4<K extends string, V>(map: Map<K, V>, key: K, fallback: V): V {
  const found: V | undefined = map.get(key);
  return found ?? fallback;
}

export function helper5<K extends string, V>(map: Map<K, V>, key: K, fallback: V): V {
  const found: V | undefined = map.get(key);
  return found ?? fallback;
}

export function helper6<K extends string, V>(map: Map<K, V>, key: K, fallback: V): V {
  const found: V | undefined = map.get(key);
  return found ?? fallback;
}

export function helper7<K extends string, V>(map: Map<K, V>, key: K, fallback: V): V {
  const found: V | undefined = map.get(key);
  return found ?? fallback;
}

export function helper8<K extends string, V>(map: Map<K, V>, key: K, fallback: V): V {
  const found: V | undefined = map.get(key);
  return found ?? fallback;
}

export const process: Handler<{ in: Reading }> = (inputs, context) => {
  const celsius = toCelsius(inputs.in);
  return { out: { ...inputs.in, value: celsius, unit: "C" }, alert: severityOf(celsius, 30) };
};
