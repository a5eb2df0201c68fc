// Resident memory of a process and all its descendants (npm, sh, node), read from /proc (Linux).
import { readdirSync, readFileSync } from "node:fs";

function parents(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name sits in parentheses and may hold spaces: the fields after it are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Sum of VmRSS over `pid` and its descendants, in MB (threads, like the parse worker, are inside). */
export function treeRssMb(pid: number): number {
  const children = parents();
  let kb = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    kb += rssKb(p);
    stack.push(...(children.get(p) ?? []));
  }
  return kb / 1024;
}
