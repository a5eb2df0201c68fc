import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The deployment files. There is no Docker engine on the build machines, so the container files are
// checked for the properties that matter; the systemd unit is checked by systemd itself.
const hasSystemd = spawnSync("systemd-analyze", ["--version"]).status === 0;
const verify = (file: string) => spawnSync("systemd-analyze", ["verify", file], { encoding: "utf8" });

describe("deployment files", () => {
  it.skipIf(!hasSystemd)("has a systemd unit that systemd-analyze verifies without a warning", () => {
    const run = verify("deploy/congthuong-bot.service");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it.skipIf(!hasSystemd)("would notice a mistake in the unit (systemd only warns, so the warning is what counts)", () => {
    const broken = path.join(tmpdir(), `congthuong-bot-${process.pid}.service`);
    writeFileSync(broken, readFileSync("deploy/congthuong-bot.service", "utf8").replace("Restart=on-failure", "Restart=sometimes"));
    expect(verify(broken).stderr).toMatch(/restart specifier/);
  });

  it("builds a container in two stages that runs as a non-root user with the database on a volume", () => {
    const dockerfile = readFileSync("Dockerfile", "utf8");
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/DATABASE_URL=file:\/data\/bot\.db/);
    expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\/healthz/m);
    expect(readFileSync(".dockerignore", "utf8")).toMatch(/^\.env$/m);
    const compose = readFileSync("compose.yaml", "utf8");
    expect(compose).toMatch(/- bot-data:\/data/);
  });
});
