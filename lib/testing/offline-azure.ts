/**
 * The azurerm provider configured without Azure: a token endpoint on
 * 127.0.0.1 that hands out an unsigned, JWT-shaped token, and the
 * environment that points the provider at it and stops every other call.
 *
 * The provider parses the token's claims (tenant, object ID) but never
 * checks its signature, and with `plan -refresh=false`, no resource
 * provider registration and no enhanced validation it sends nothing to
 * Azure. What it still runs is everything a plan runs locally: schema
 * validation, ForceNew, CustomizeDiff, defaults and state upgraders.
 */
import * as http from "http";
import type { AddressInfo } from "net";

/** The fake subscription every offline plan runs in. */
export const OFFLINE_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000001";
/** The tenant in the fake token (what `data.azurerm_client_config` returns). */
export const OFFLINE_TENANT_ID = "00000000-0000-0000-0000-0000000000aa";
const OBJECT_ID = "00000000-0000-0000-0000-0000000000bb";
const APP_ID = "00000000-0000-0000-0000-0000000000cc";

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

/** An unsigned token with the claims azurerm reads. */
function token(now: number): string {
  const claims = {
    aud: "https://management.azure.com/",
    iss: `https://sts.windows.net/${OFFLINE_TENANT_ID}/`,
    iat: now,
    exp: now + 86400,
    oid: OBJECT_ID,
    tid: OFFLINE_TENANT_ID,
    appid: APP_ID,
    idtyp: "app",
    sub: OBJECT_ID,
  };
  return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.c2ln`;
}

/** Credentials the environment may carry that must never reach an offline plan. */
const CREDENTIAL_VARIABLES = [
  "ARM_CLIENT_ID",
  "ARM_CLIENT_SECRET",
  "ARM_CLIENT_CERTIFICATE_PATH",
  "ARM_CLIENT_CERTIFICATE_PASSWORD",
  "ARM_OIDC_TOKEN",
  "ARM_OIDC_TOKEN_FILE_PATH",
  "ARM_OIDC_REQUEST_TOKEN",
  "ARM_OIDC_REQUEST_URL",
  "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
  "ACTIONS_ID_TOKEN_REQUEST_URL",
  "AZURE_FEDERATED_TOKEN_FILE",
];

/**
 * A running token endpoint. {@link OfflineAzure.start} starts one per
 * process and shares it; {@link OfflineAzure.release} stops it when the
 * last user is done.
 */
export class OfflineAzure {
  private static shared?: Promise<OfflineAzure>;
  private static users = 0;

  private constructor(
    private readonly server: http.Server,
    /** The port on 127.0.0.1. */
    readonly port: number,
  ) {}

  /** The shared endpoint, started on first use. Pair each call with {@link OfflineAzure.release}. */
  static start(): Promise<OfflineAzure> {
    OfflineAzure.users++;
    OfflineAzure.shared ??= new Promise((resolve, reject) => {
      const server = http.createServer((_req, res) => {
        const now = Math.floor(Date.now() / 1000);
        const body = JSON.stringify({
          access_token: token(now),
          token_type: "Bearer",
          expires_in: "86400",
          expires_on: String(now + 86400),
          resource: "https://management.azure.com/",
        });
        res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
        res.end(body);
      });
      server.on("error", reject);
      // A token endpoint must never keep a process alive on its own.
      server.unref();
      server.listen(0, "127.0.0.1", () => resolve(new OfflineAzure(server, (server.address() as AddressInfo).port)));
    });
    return OfflineAzure.shared;
  }

  /** Stops the shared endpoint when no user is left. */
  static async release(): Promise<void> {
    OfflineAzure.users = Math.max(0, OfflineAzure.users - 1);
    if (OfflineAzure.users > 0 || !OfflineAzure.shared) return;
    const endpoint = await OfflineAzure.shared;
    OfflineAzure.shared = undefined;
    // The provider's HTTP client keeps connections open; close them, or close() waits for their timeout.
    endpoint.server.closeAllConnections();
    await new Promise<void>((resolve) => endpoint.server.close(() => resolve()));
  }

  /**
   * The environment of an offline plan: managed identity at this endpoint,
   * the fake subscription and tenant, no CLI or OIDC sign-in, no resource
   * provider registration and no enhanced validation (both would call Azure
   * at start-up), and none of the caller's Azure credentials.
   */
  environment(base: Record<string, string | undefined> = process.env): Record<string, string | undefined> {
    const env: Record<string, string | undefined> = { ...base };
    for (const name of CREDENTIAL_VARIABLES) delete env[name];
    return {
      ...env,
      ARM_USE_MSI: "true",
      ARM_MSI_ENDPOINT: `http://127.0.0.1:${this.port}/metadata/identity/oauth2/token`,
      ARM_SUBSCRIPTION_ID: OFFLINE_SUBSCRIPTION_ID,
      ARM_TENANT_ID: OFFLINE_TENANT_ID,
      ARM_USE_CLI: "false",
      ARM_USE_OIDC: "false",
      ARM_USE_AKS_WORKLOAD_IDENTITY: "false",
      ARM_RESOURCE_PROVIDER_REGISTRATIONS: "none",
      ARM_PROVIDER_ENHANCED_VALIDATION: "false",
    };
  }
}
