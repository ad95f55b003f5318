/**
 * V8 CPU profiles (`.cpuprofile`, as `node --cpu-prof` and the inspector's
 * `Profiler.stop` write them), read for the benchmarks' summaries
 * (bench/http/profile.ts, bench/verify-profile-summary.ts).
 */
import { readFileSync } from 'node:fs';

/** One frame of the call tree. */
export interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

/** A profile: the call tree, the sampled node of each tick and the µs between ticks. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** A profile read from `path`, with its nodes by id and each node's parent. */
export function readCpuProfile(path: string): { profile: CpuProfile; byId: Map<number, ProfileNode>; parentOf: Map<number, number> } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  return { profile, byId, parentOf };
}
