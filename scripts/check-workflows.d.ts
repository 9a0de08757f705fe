/** Types of scripts/check-workflows.js, for its test. */

/** The actions a job that can request an OIDC token may use. */
export declare const ID_TOKEN_ACTIONS: readonly string[];
/** Problems of one workflow file (`file` is shown in messages); `isCheckedLocalWorkflow` says whether a `./...` reusable workflow is checked too. */
export declare function checkWorkflow(file: string, text: string, isCheckedLocalWorkflow?: (uses: string) => boolean): string[];
/** Problems of every workflow in a directory. */
export declare function checkWorkflowDir(dir: string): string[];
