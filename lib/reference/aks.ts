/**
 * Facts about AKS itself that every cluster shares.
 */

/**
 * Application ID of the "Azure Kubernetes Service AAD Server" first-party app:
 * the audience of tokens for every AKS cluster with Entra ID (Azure/kubelogin
 * docs/book/src/concepts/aks.md; passed to `kubelogin get-token --server-id`).
 */
export const AKS_SERVER_APPLICATION_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
