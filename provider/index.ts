// The public surface of the package.
export { VisualizationJob, VisualizationJobArgs } from "./resource";
export { DeletionPolicy, DesiredState, JobTimeouts, VisualizationJobInputs } from "./inputs";
export { VisualizationJobOutputs } from "./outputs";
export { visualizationJobProvider } from "./provider-stub";
