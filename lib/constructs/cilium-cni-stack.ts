import { Fn, TerraformStack, type Construct, type TerraformProvider, type TerraformResource } from "../bindings/cdktf";
import type { AksByoCniCluster } from "./aks-byo-cni-cluster";
import { computedCiliumValues, deepMergeValues, renderValuesDocument } from "../plan/cilium-values";
import { AKS_SERVER_APPLICATION_ID } from "../reference/aks";
import { CILIUM_CHART_REPOSITORY } from "../reference/cilium-chart";
import type { AcceptedRisk, BackendSettings } from "../config/types";
import { checkCiliumInstall } from "../rules/checks";
import { ciliumNetworkPolicy } from "../rules/network-policy";
import { recordNetworkPolicyEngine } from "./private/network-policy-engines";
import { AksPolicyPack } from "./aks-policy-pack";
import { addStateBackend, suffixStateKey } from "./private/state-backend";
import { isUnknownValue } from "./private/synthesized";
import { AcceptedRisks } from "./accepted-risks";
import { addRuleValidation } from "./private/rule-validation";

/**
 * The Helm bindings, loaded when a Cilium stack is built: @cdktf/provider-helm
 * is an optional peer dependency, so importing this library must not need it.
 * For the same reason the public members below are typed with cdktf's base
 * classes: the shipped declarations never name the Helm package.
 */
function helmBindings(): typeof import("../bindings/helm") {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("../bindings/helm");
  } catch (e) {
    if ((e as { code?: string }).code !== "MODULE_NOT_FOUND") throw e;
    throw new Error("the Cilium stack (cni.plugin: cilium) needs the Helm provider bindings: npm install @cdktf/provider-helm@^12.1.2", { cause: e });
  }
}

/** Props of {@link CiliumCniStack}. */
export interface CiliumCniStackProps {
  /**
   * The cluster to install Cilium on, usually `AksByoCniStack.cluster`, built
   * with `cni: { plugin: "cilium", version, ... }` (its CNI settings are the
   * ones installed here, so the pod range and the pool can never disagree).
   * It must live in another stack: its address, CA and size are read through
   * cdktf cross-stack references (outputs there, remote state here).
   */
  readonly cluster: AksByoCniCluster;
  /**
   * State backend (config: `backend`). The state blob is `<stack id>.tfstate`,
   * or `backend.key` with `-cni` added, so it never shares the cluster's.
   * @default local state (a warning: a CI runner loses it)
   */
  readonly backend?: BackendSettings;
  /**
   * Rules accepted knowingly for this stack (CNI rules).
   * @default none
   */
  readonly acceptedRisks?: AcceptedRisk[];
}

/**
 * Installs Cilium with Helm on an AKS BYOCNI cluster, so that its nodes
 * become Ready: `aksbyocni.enabled`, tunnel routing, cluster-pool IPAM whose
 * only pool is the cluster's pod CIDR, and a per-node block sized for every
 * node (with surge) and the largest `maxPods`. `cni.values` are merged over
 * these; values that contradict the cluster are errors (CNI-01..04).
 *
 * A stack of its own, deployed after the cluster's, because the Helm provider
 * is configured from the cluster: in the same stack, its host and CA are
 * unknown until the cluster exists, and the first plan fails (or plans against
 * a default kubeconfig). Here they come from the cluster stack's state
 * (`terraform_remote_state`), which exists by the time this stack is planned:
 * `cdktf deploy <env> <env>-cni`.
 *
 * Sign-in: with Entra ID (the default; local accounts are disabled) the Helm
 * provider runs `kubelogin get-token` with the AKS server application ID and
 * the `cni.kubeloginMode` login; without Entra ID it uses the client
 * certificate of the cluster's kubeconfig. Nothing secret is written to
 * `cdk.tf.json`.
 */
export class CiliumCniStack extends TerraformStack {
  /** The cluster Cilium is installed on (in another stack). */
  public readonly cluster: AksByoCniCluster;
  /** The Helm provider (`HelmProvider`), pointed at the cluster. */
  public readonly helmProvider: TerraformProvider;
  /** The `helm_release` of the Cilium chart (`Release`; escape hatch for overrides). */
  public readonly release: TerraformResource;
  /** The chart values: computed ones with `cni.values` merged over them. */
  public readonly values: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: CiliumCniStackProps) {
    super(scope, id);
    const { HelmProvider, Release } = helmBindings();
    const { cluster } = props;
    this.cluster = cluster;
    const plan = cluster.plan;
    const cni = plan.cni;
    const k = cluster.kubernetesCluster;
    AcceptedRisks.add(this, props.acceptedRisks ?? []);
    addStateBackend(this, props.backend, props.backend?.key ? suffixStateKey(props.backend.key, "-cni") : `${id}.tfstate`);
    // Known before any reference resolves, so `cdktf deploy` orders the stacks.
    this.addDependency(TerraformStack.of(cluster));
    // No policy rule covers the Helm release, but a scan of cdktf.out finds a checkov config next to every stack.
    new AksPolicyPack(this, "policy");

    this.helmProvider = this.helmProviderFor(cluster, HelmProvider);
    this.values = deepMergeValues(
      computedCiliumValues({
        podCidr: plan.pod.text,
        // The chosen block, or (when none fits, which fails validation below) Cilium's default.
        maskSize: plan.cni.perNodeBlock.mask,
        kubeProxyReplacement: cni.kubeProxyReplacement,
        // A private cluster is reached by its private FQDN; the public one may not exist.
        k8sServiceHost: plan.apiServer.private ? k.privateFqdn : k.fqdn,
      }),
      { ...cni.values },
    );
    this.release = new Release(this, "cilium", {
      name: "cilium",
      repository: CILIUM_CHART_REPOSITORY,
      chart: "cilium",
      version: cni.version,
      namespace: "kube-system",
      values: [renderValuesDocument(this.values, isUnknownValue)],
      // Helm waits for the agent on every node, image pulls included; 5 minutes is tight.
      timeout: 900,
    });
    // CKV_AZURE_7 on the cluster is met here, or not, by what these values do to NetworkPolicy.
    recordNetworkPolicyEngine(k, ciliumNetworkPolicy(this.values));
    addRuleValidation(this, (ctx) => checkCiliumInstall(ctx, plan));
  }

  /**
   * The Helm provider, pointed at the cluster through the cluster stack's
   * state. kube_config is sensitive in azurerm; cdktf marks every cross-stack
   * output sensitive, but terraform_remote_state drops the mark on read
   * (hashicorp/terraform#29544), so it is put back here.
   */
  private helmProviderFor(cluster: AksByoCniCluster, HelmProvider: HelmBindings["HelmProvider"]): TerraformProvider {
    const kubeConfig = cluster.kubernetesCluster.kubeConfig.get(0);
    const secret = (value: string): string => Fn.sensitive(value);
    const endpoint = { host: secret(kubeConfig.host), clusterCaCertificate: Fn.base64decode(secret(kubeConfig.clusterCaCertificate)) };
    const exec = {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: "kubelogin",
      args: ["get-token", "--login", cluster.plan.cni.kubeloginMode, "--server-id", AKS_SERVER_APPLICATION_ID],
    };
    const certificate = {
      clientCertificate: Fn.base64decode(secret(kubeConfig.clientCertificate)),
      clientKey: Fn.base64decode(secret(kubeConfig.clientKey)),
    };
    return new HelmProvider(this, "helm", { kubernetes: { ...endpoint, ...(cluster.plan.security.azureRbac ? { exec } : certificate) } });
  }
}

type HelmBindings = typeof import("../bindings/helm");
