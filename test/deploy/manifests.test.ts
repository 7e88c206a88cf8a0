/**
 * deploy/: the Kubernetes manifests validate against Kubernetes' own schemas
 * (kubernetes-models) and hang together (selectors, ports, Secret keys,
 * probes, drain timing); the Compose file has the shape docs/deploy.md
 * promises. No cluster and no Docker are needed.
 */
import { readFileSync } from "node:fs";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { parse, parseAllDocuments } from "yaml";

const MODELS: Record<string, new (data: never) => { validate(): void; toJSON(): unknown }> = {
  "apps/v1/Deployment": Deployment,
  "v1/Service": Service,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
};

// biome-ignore lint/suspicious/noExplicitAny: manifests are free-form YAML, checked below.
type Doc = any;
const KUBE = ["countersign.yaml", "redis.yaml", "secret.example.yaml"];
const docs: Doc[] = KUBE.flatMap((f) =>
  parseAllDocuments(readFileSync(`deploy/kubernetes/${f}`, "utf8")).map((d) => {
    if (d.errors.length > 0) throw new Error(`${f}: ${d.errors[0]?.message}`);
    return d.toJS();
  }),
);
const find = (kind: string, name: string): Doc => {
  const doc = docs.find((d) => d.kind === kind && d.metadata?.name === name);
  if (!doc) throw new Error(`no ${kind} ${name}`);
  return doc;
};
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe("deploy/kubernetes", () => {
  it.each(docs.map((d) => [`${d.kind} ${d.metadata?.name}`, d]))(
    "%s validates against Kubernetes' schema",
    (_name, doc) => {
      const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
      if (!Model) throw new Error(`no schema for ${doc.apiVersion} ${doc.kind}`);
      expect(() => new Model(doc as never).validate()).not.toThrow();
    },
  );

  it("the schemas do reject a broken manifest (the validation is live)", () => {
    const broken = structuredClone(find("Deployment", "countersign"));
    broken.spec.replicas = "two";
    expect(() => new Deployment(broken).validate()).toThrow(/replicas must be integer/);
    const badPort = structuredClone(find("Deployment", "countersign"));
    badPort.spec.template.spec.containers[0].ports[0].containerPort = "http";
    expect(() => new Deployment(badPort).validate()).toThrow(/containerPort/);
  });

  it("runs two replicas that drain on SIGTERM before the grace period ends", () => {
    const d = find("Deployment", "countersign");
    expect(d.spec.replicas).toBe(2);
    expect(matches(d.spec.selector.matchLabels, d.spec.template.metadata.labels)).toBe(true);
    const pod = d.spec.template.spec;
    const c = pod.containers[0];
    expect(c.livenessProbe.httpGet).toMatchObject({ path: "/healthz", port: "http" });
    expect(c.readinessProbe.httpGet).toMatchObject({ path: "/readyz", port: "http" });
    expect(c.lifecycle.preStop.exec.command[0]).toBe("node");
    const preStopMs = Number(
      /setTimeout\(\(\) => \{\}, (\d+)\)/.exec(c.lifecycle.preStop.exec.command[2])?.[1],
    );
    // preStop, then SIGTERM and up to 25 s of drain (SPEC §1), inside the grace period.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
    expect(preStopMs / 1000 + 25).toBeLessThan(pod.terminationGracePeriodSeconds);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(c.ports).toContainEqual({ name: "http", containerPort: 3000 });
    expect(c.env).toContainEqual({ name: "PORT", value: "3000" });
    expect(c.env).toContainEqual({ name: "HOST", value: "0.0.0.0" });
    expect(c.env).toContainEqual({ name: "NODE_ENV", value: "production" });
  });

  it("takes its credentials from the Secret, whose example has every key it reads", () => {
    const pod = find("Deployment", "countersign").spec.template.spec;
    const secret = find("Secret", "countersign");
    const c = pod.containers[0];
    const keys = c.env
      .filter((e: Doc) => e.valueFrom?.secretKeyRef)
      .map((e: Doc) => {
        expect(e.valueFrom.secretKeyRef.name).toBe("countersign");
        return e.valueFrom.secretKeyRef.key;
      });
    const volume = pod.volumes.find((v: Doc) => v.secret);
    expect(volume.secret.secretName).toBe("countersign");
    keys.push(...volume.secret.items.map((i: Doc) => i.key));
    expect(keys.sort()).toEqual(["APP_ID", "WEBHOOK_SECRET", "private-key.pem"]);
    expect(Object.keys(secret.stringData).sort()).toEqual(keys);
    const mount = c.volumeMounts.find((m: Doc) => m.name === volume.name);
    const keyPath = c.env.find((e: Doc) => e.name === "PRIVATE_KEY_PATH").value;
    expect(keyPath).toBe(`${mount.mountPath}/${volume.secret.items[0].path}`);
    // The example Secret is documentation, not applied with the rest.
    const kustomization = parse(readFileSync("deploy/kubernetes/kustomization.yaml", "utf8"));
    expect(kustomization.resources).toEqual(["countersign.yaml", "redis.yaml"]);
  });

  it("points REDIS_URL at the Redis Service, and the Services at their pods' named ports", () => {
    const config = find("ConfigMap", "countersign");
    const redisUrl = new URL(config.data.REDIS_URL);
    const redisService = find("Service", redisUrl.hostname);
    expect(redisService.spec.ports[0].port).toBe(Number(redisUrl.port));
    for (const [service, deployment] of [
      ["countersign", "countersign"],
      ["countersign-redis", "countersign-redis"],
    ]) {
      const s = find("Service", service as string);
      const d = find("Deployment", deployment as string);
      expect(matches(s.spec.selector, d.spec.template.metadata.labels)).toBe(true);
      const names = d.spec.template.spec.containers.flatMap((c: Doc) =>
        c.ports.map((p: Doc) => p.name),
      );
      for (const p of s.spec.ports) expect(names).toContain(p.targetPort);
    }
    expect(find("Deployment", "countersign").spec.template.spec.containers[0].envFrom).toEqual([
      { configMapRef: { name: "countersign" } },
    ]);
  });

  it("keeps one replica up through voluntary disruptions", () => {
    const pdb = find("PodDisruptionBudget", "countersign");
    const d = find("Deployment", "countersign");
    expect(matches(pdb.spec.selector.matchLabels, d.spec.template.metadata.labels)).toBe(true);
    expect(pdb.spec.minAvailable).toBeLessThan(d.spec.replicas);
    expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
  });
});

describe("deploy/compose.yaml", () => {
  const compose = parse(readFileSync("deploy/compose.yaml", "utf8"));
  const { app, proxy, redis } = compose.services;

  it("has the app, a proxy and Redis, each with a healthcheck", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["app", "proxy", "redis"]);
    for (const s of [app, proxy, redis]) {
      expect(s.healthcheck.test[0]).toMatch(/^CMD/);
      expect(s.healthcheck.interval).toMatch(/^\d+s$/);
    }
    expect(app.healthcheck.test.join(" ")).toContain("/readyz");
    expect(redis.healthcheck.test).toEqual(["CMD", "redis-cli", "ping"]);
  });

  it("runs two app replicas behind one published port, with Redis shared", () => {
    expect(app.deploy.replicas).toBe(2);
    expect(app.ports).toBeUndefined(); // replicas cannot share a host port: the proxy publishes one
    expect(proxy.ports).toEqual([`\${COUNTERSIGN_PORT:-3000}:8080`]);
    expect(app.environment.REDIS_URL).toBe("redis://redis:6379");
    expect(app.environment.HOST).toBe("0.0.0.0");
    expect(app.depends_on.redis.condition).toBe("service_healthy");
    expect(proxy.depends_on.app.condition).toBe("service_healthy");
    expect(app.stop_grace_period).toBe("30s");
  });

  it("reads secrets from an env file and a secret file that git ignores", () => {
    expect(app.env_file).toEqual(["countersign.env"]);
    expect(app.environment.PRIVATE_KEY_PATH).toBe("/run/secrets/private_key");
    expect(app.secrets).toEqual(["private_key"]);
    expect(compose.secrets.private_key.file).toBe("./private-key.pem");
    const ignored = readFileSync(".gitignore", "utf8").split("\n");
    expect(ignored).toEqual(
      expect.arrayContaining(["deploy/countersign.env", "deploy/private-key.pem"]),
    );
    // The example env file names what the app needs and holds no secret.
    const example = readFileSync("deploy/countersign.env.example", "utf8");
    expect(example).toMatch(/^APP_ID=$/m);
    expect(example).toMatch(/^WEBHOOK_SECRET=$/m);
    expect(example).toMatch(/^PUBLIC_URL=/m);
  });

  it("proxies to the app's port, allowing GitHub's largest webhook", () => {
    const conf = readFileSync("deploy/nginx.conf", "utf8");
    expect(proxy.volumes).toContain("./nginx.conf:/etc/nginx/conf.d/default.conf:ro");
    expect(conf).toMatch(/server app:3000\b/);
    expect(conf).toMatch(/listen 8080;/);
    expect(conf).toMatch(/client_max_body_size 25m;/);
    expect(app.environment.PORT).toBe("3000");
  });
});
