/**
 * The GitHub double's HTTP side: a `node:http` server on 127.0.0.1 serving
 * REST below `/api/v3` and GraphQL at `/api/graphql` from the model it
 * extends, recording every request, issuing installation tokens, and
 * failing requests on demand.
 */
import { createPublicKey, type KeyObject, randomBytes, verify } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Kind, parse } from "graphql";
import { executeGraphQL, type GraphQLRequestBody } from "./graphql.js";
import { GitHubModel, isoSeconds } from "./model.js";
import { handleRest, type RequestAuth, type RestResponse } from "./rest.js";

export interface GitHubDoubleOptions {
  /** The app's id: check runs it creates carry it; GraphQL `checkSuites(filterBy: {appId})` matches it. Default 4242. */
  appId?: number;
  /** Default `countersign` (its bot is `countersign[bot]`). */
  appSlug?: string;
  /** Verify the JWT of `/app…` requests with this key (PEM, public or private, or a KeyObject). Default: accept any. */
  publicKey?: string | KeyObject;
  /**
   * Require an installation token the double issued on every non-`/app`
   * request (401 "Bad credentials" otherwise). Default true. A token limits
   * what it sees to its installation's repositories, either way.
   */
  strictAuth?: boolean;
  /** Base of `html_url`-style fields. Default `https://github.com`. */
  webUrl?: string;
}

export interface RecordedRequest {
  method: string;
  /** The request path without its query, e.g. `/api/v3/repos/acme/api/check-runs` or `/api/graphql`. */
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body (the raw text when it is not JSON; undefined when empty). */
  body: unknown;
  /** GraphQL: the operation's name (from `operationName`, else the document's operation). */
  operationName?: string;
  status: number;
  /** The installation of the token used, when the double issued it. */
  installationId?: number;
  requestId: string;
}

export interface RequestMatcher {
  method?: string;
  pathRegex?: RegExp;
  operationName?: string;
}

interface Failure {
  matcher: RequestMatcher;
  status: number;
  body: unknown;
  headers: Record<string, string>;
  remaining: number;
}

interface Delay {
  matcher: RequestMatcher;
  ms: number;
  remaining: number;
  arrived: () => void;
}

const JSON_TYPE = "application/json; charset=utf-8";
const TOKEN_EXCHANGE = /^\/api\/v3\/app\/installations\/\d+\/access_tokens$/;

export class GitHubDouble extends GitHubModel {
  /** `127.0.0.1:PORT`, for `GHE_HOST`. */
  host = "";
  /** `http://127.0.0.1:PORT`. */
  url = "";
  readonly requests: RecordedRequest[] = [];
  /** Installation tokens issued: token → installation id. */
  readonly tokens = new Map<string, number>();

  private readonly server: Server;
  private readonly failures: Failure[] = [];
  private readonly delays: Delay[] = [];
  private readonly publicKey: KeyObject | undefined;
  private readonly strictAuth: boolean;
  private readonly rateUsed = new Map<string, number>();

  constructor(opts: GitHubDoubleOptions = {}) {
    super({ appId: opts.appId ?? 4242, appSlug: opts.appSlug, webUrl: opts.webUrl });
    this.publicKey = opts.publicKey === undefined ? undefined : toPublicKey(opts.publicKey);
    this.strictAuth = opts.strictAuth ?? true;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        res.writeHead(500, { "content-type": JSON_TYPE });
        res.end(JSON.stringify({ message: `GitHub double error: ${(e as Error)?.stack ?? e}` }));
      });
    });
  }

  /** Starts listening on an ephemeral port of 127.0.0.1. */
  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.host = `127.0.0.1:${port}`;
    this.url = `http://${this.host}`;
    this.apiUrl = `${this.url}/api/v3`;
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---------------------------------------------------------------- recorded requests

  /** GraphQL requests, optionally of one operation. */
  graphqlCalls(operationName?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) =>
        r.path === "/api/graphql" &&
        (operationName === undefined || r.operationName === operationName),
    );
  }

  /** REST requests, optionally by method and path pattern (matched against the full path). */
  restCalls(method?: string, pathRegex?: RegExp): RecordedRequest[] {
    return this.requests.filter(
      (r) =>
        r.path.startsWith("/api/v3/") &&
        (method === undefined || r.method === method.toUpperCase()) &&
        (pathRegex === undefined || pathRegex.test(r.path)),
    );
  }

  /** REST writes (every non-GET REST request but the installation-token exchange). */
  writes(): RecordedRequest[] {
    return this.restCalls().filter((r) => r.method !== "GET" && !TOKEN_EXCHANGE.test(r.path));
  }

  /** REST and GraphQL requests other than the token exchange: the API calls an evaluation cost. */
  apiCalls(): RecordedRequest[] {
    return this.requests.filter((r) => !TOKEN_EXCHANGE.test(r.path));
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  /**
   * Makes the next `times` (default 1) requests matching `matcher` fail with
   * `status` and `body` (default `{ message }` by status). For a GraphQL error,
   * use status 200 and a body `{ errors: [...] }`.
   */
  failNext(
    matcher: RequestMatcher,
    status: number,
    body?: unknown,
    opts: { times?: number; headers?: Record<string, string> } = {},
  ): void {
    this.failures.push({
      matcher,
      status,
      body: body ?? {
        message: defaultMessage(status),
        documentation_url: "https://docs.github.com/rest",
      },
      headers: opts.headers ?? {},
      remaining: opts.times ?? 1,
    });
  }

  /**
   * Holds the next `times` (default 1) requests matching `matcher` for `ms`
   * before answering them (e.g. to signal the app mid-evaluation). Resolves
   * when the first of them arrives.
   */
  delayNext(matcher: RequestMatcher, ms: number, opts: { times?: number } = {}): Promise<void> {
    return new Promise((arrived) => {
      this.delays.push({ matcher, ms, remaining: opts.times ?? 1, arrived });
    });
  }

  /**
   * Polls `predicate` until it returns something truthy — an empty array does
   * not count — and returns that; throws when `timeoutMs` (default 10 s) passes.
   */
  async waitFor<T>(
    predicate: () => T | undefined | null | false,
    opts: { timeoutMs?: number; intervalMs?: number; message?: string } = {},
  ): Promise<T> {
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    for (;;) {
      const value = predicate();
      if (value && !(Array.isArray(value) && value.length === 0)) return value;
      if (Date.now() > deadline)
        throw new Error(`waitFor timed out: ${opts.message ?? predicate.toString()}`);
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 20));
    }
  }

  /** Issues an installation token (as the token exchange does), e.g. to call the double directly. */
  issueToken(installationId: number): { token: string; expiresAt: string } {
    const token = `ghs_${randomBytes(18).toString("hex")}`;
    this.tokens.set(token, installationId);
    return { token, expiresAt: isoSeconds(Date.now() + 3_600_000) };
  }

  // ---------------------------------------------------------------- handling

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const method = (req.method ?? "GET").toUpperCase();
    const raw = await readBody(req);
    const body = parseBody(raw);
    const auth = this.authenticate(req.headers.authorization);
    const isGraphQL = url.pathname === "/api/graphql";
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: body.value,
      status: 0,
      requestId: requestId(),
      ...(auth.installationId !== undefined ? { installationId: auth.installationId } : {}),
    };
    if (isGraphQL) {
      const name = operationNameOf(body.value as GraphQLRequestBody);
      if (name) record.operationName = name;
    }

    const delay = this.take(this.delays, record);
    if (delay) {
      delay.arrived();
      await new Promise((r) => setTimeout(r, delay.ms));
    }

    let response: RestResponse;
    const failure = this.take(this.failures, record);
    if (failure)
      response = { status: failure.status, body: failure.body, headers: failure.headers };
    else if (body.invalid) response = { status: 400, body: { message: "Problems parsing JSON" } };
    else if (isGraphQL && method === "POST")
      response = await this.graphql(body.value as GraphQLRequestBody, auth);
    else if (url.pathname.startsWith("/api/v3/")) {
      response = handleRest(
        { method, path: url.pathname.slice("/api/v3".length), url, body: body.value, auth },
        { model: this, strictAuth: this.strictAuth, issueToken: (id) => this.issueToken(id) },
      );
    } else response = { status: 404, body: { message: "Not Found" } };

    record.status = response.status;
    this.requests.push(record);
    const resource = isGraphQL
      ? "graphql"
      : url.pathname.startsWith("/api/v3/search/")
        ? "search"
        : "core";
    const headers: Record<string, string> = {
      "content-type": JSON_TYPE,
      "x-github-request-id": record.requestId,
      "x-github-media-type": "github.v3; format=json",
      ...this.rateLimitHeaders(resource, auth.installationId),
      ...response.headers,
    };
    res.writeHead(response.status, headers);
    res.end(response.body === undefined ? undefined : JSON.stringify(response.body));
  }

  private async graphql(body: GraphQLRequestBody, auth: RequestAuth): Promise<RestResponse> {
    if (this.strictAuth && auth.kind !== "token") {
      return {
        status: 401,
        body: { message: "Bad credentials", documentation_url: "https://docs.github.com/graphql" },
      };
    }
    return {
      status: 200,
      body: await executeGraphQL(body, { model: this, installationId: auth.installationId }),
    };
  }

  private authenticate(header: string | undefined): RequestAuth {
    const m = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? "");
    if (!m?.[1]) return { kind: "none" };
    const credential = m[1];
    if (credential.split(".").length === 3) {
      return !this.publicKey || verifyJwt(credential, this.publicKey, this.app.id)
        ? { kind: "jwt" }
        : { kind: "bad-jwt" };
    }
    const installationId = this.tokens.get(credential);
    return installationId === undefined
      ? { kind: "unknown-token" }
      : { kind: "token", installationId };
  }

  private take<F extends { matcher: RequestMatcher; remaining: number }>(
    list: F[],
    r: RecordedRequest,
  ): F | undefined {
    const found = list.find(
      (f) =>
        (f.matcher.method === undefined || f.matcher.method.toUpperCase() === r.method) &&
        (f.matcher.pathRegex === undefined || f.matcher.pathRegex.test(r.path)) &&
        (f.matcher.operationName === undefined || f.matcher.operationName === r.operationName),
    );
    if (found && --found.remaining <= 0) list.splice(list.indexOf(found), 1);
    return found;
  }

  private rateLimitHeaders(
    resource: string,
    installationId: number | undefined,
  ): Record<string, string> {
    const limit = resource === "search" ? 30 : 5000;
    const bucket = `${installationId ?? "-"}:${resource}`;
    const used = (this.rateUsed.get(bucket) ?? 0) + 1;
    this.rateUsed.set(bucket, used);
    return {
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(Math.max(limit - used, 0)),
      "x-ratelimit-used": String(used),
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
      "x-ratelimit-resource": resource,
    };
  }
}

function toPublicKey(key: string | KeyObject): KeyObject {
  if (typeof key !== "string") return key.type === "private" ? createPublicKey(key) : key;
  return createPublicKey(key);
}

/** RS256 signature, expiry and (when numeric) the issuer, as GitHub checks an app's JWT. */
function verifyJwt(jwt: string, key: KeyObject, appId: number): boolean {
  const [header, payload, signature] = jwt.split(".") as [string, string, string];
  try {
    if (
      !verify(
        "RSA-SHA256",
        Buffer.from(`${header}.${payload}`),
        key,
        Buffer.from(signature, "base64url"),
      )
    ) {
      return false;
    }
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
      exp?: number;
      iss?: unknown;
    };
    if (typeof claims.exp === "number" && claims.exp < Date.now() / 1000 - 60) return false;
    return !/^\d+$/.test(String(claims.iss)) || Number(claims.iss) === appId;
  } catch {
    return false;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseBody(raw: string): { value: unknown; invalid: boolean } {
  if (raw === "") return { value: undefined, invalid: false };
  try {
    return { value: JSON.parse(raw), invalid: false };
  } catch {
    return { value: raw, invalid: true };
  }
}

function operationNameOf(body: GraphQLRequestBody | undefined): string | undefined {
  if (body?.operationName) return body.operationName;
  if (typeof body?.query !== "string") return undefined;
  try {
    const op = parse(body.query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    return op?.kind === Kind.OPERATION_DEFINITION ? op.name?.value : undefined;
  } catch {
    return undefined;
  }
}

function requestId(): string {
  const hex = (n: number) => randomBytes(n).toString("hex").toUpperCase();
  return `${hex(2)}:${hex(2)}:${hex(4)}:${hex(4)}:${hex(4)}`;
}

function defaultMessage(status: number): string {
  const messages: Record<number, string> = {
    400: "Bad Request",
    401: "Bad credentials",
    403: "Forbidden",
    404: "Not Found",
    422: "Validation Failed",
    429: "Too Many Requests",
    500: "Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
  };
  return messages[status] ?? "Error";
}
