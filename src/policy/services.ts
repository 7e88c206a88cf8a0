/**
 * The services a pull request touches (SPEC §2, §4): the configured
 * path-scoped services, the always-on `review-policy` service, and — when the
 * repository's custom property says so — the whole repository as one
 * critical service.
 */
import { type Config, REVIEW_POLICY_SERVICE, type Service } from "../model/config-schema.js";
import type { ChangedFile, Snapshot } from "../model/snapshot.js";
import { pathMatcher } from "./globs.js";

export const CRITICAL = "critical";

/** A service and the changed paths that fall inside it. */
export interface ServiceChange {
  service: Service;
  paths: string[];
}

/**
 * Both sides of a rename: moving a file out of a service changes that
 * service as much as moving one in (SPEC §4 "either side of a rename").
 */
export function changedPaths(file: ChangedFile): string[] {
  const previous = file.previousPath;
  return previous && previous !== file.path ? [file.path, previous] : [file.path];
}

/** Every changed path, both sides of renames, once each, in the PR's file order. */
export function allChangedPaths(files: readonly ChangedFile[]): string[] {
  return [...new Set(files.flatMap(changedPaths))];
}

/** The first of `tags` the service carries; tags compare case-insensitively. */
export function matchingTag(service: Service, tags: readonly string[]): string | undefined {
  const own = new Set(service.tags.map((t) => t.toLowerCase()));
  return tags.find((t) => own.has(t.toLowerCase()));
}

export function isCritical(service: Service): boolean {
  return matchingTag(service, [CRITICAL]) !== undefined;
}

/**
 * GitHub custom properties are strings or, for multi-select properties,
 * string arrays; "critical" in any case marks the repository.
 */
export function repositoryIsCritical(snapshot: Snapshot, config: Config): boolean {
  const value = snapshot.repository.customProperties?.[config.repository_tags_property];
  const values = Array.isArray(value) ? value : value == null ? [] : [value];
  return values.some((v) => v.trim().toLowerCase() === CRITICAL);
}

/** The services in force for this snapshot, configured ones first. */
export function servicesOf(snapshot: Snapshot, config: Config): Service[] {
  const services = [...config.services, REVIEW_POLICY_SERVICE];
  if (repositoryIsCritical(snapshot, config)) {
    services.push({ name: snapshot.repository.name, paths: ["**"], tags: [CRITICAL] });
  }
  return services;
}

/** The services this PR changes, each with the changed paths inside it. */
export function serviceChanges(snapshot: Snapshot, config: Config): ServiceChange[] {
  const paths = allChangedPaths(snapshot.files);
  return servicesOf(snapshot, config)
    .map((service) => {
      const inService = pathMatcher(service.paths);
      return { service, paths: paths.filter(inService) };
    })
    .filter((change) => change.paths.length > 0);
}
