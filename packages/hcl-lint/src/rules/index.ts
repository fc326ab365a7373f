/** The rule registry: id → rule. Ids are part of the contract (config files, suppression comments, output). */
import consulBindInterface from "./consul-bind-interface.js";
import consulPortExposure from "./consul-port-exposure.js";
import imageReference from "./image-reference.js";
import invalidSuppression from "./invalid-suppression.js";
import networkAttachment from "./network-attachment.js";
import pinnedImageTag from "./pinned-image-tag.js";
import requiredProvider from "./required-provider.js";
import ringConsulAddress from "./ring-consul-address.js";
import ringReplicationFactor from "./ring-replication-factor.js";
import ringStore from "./ring-store.js";
import type { AnyRule } from "./rule.js";
import uniqueContainerName from "./unique-container-name.js";
import uniqueIngesterId from "./unique-ingester-id.js";

export type { AnyRule, Rule, RuleContext, RuleListener, RuleMeta } from "./rule.js";

const all: AnyRule[] = [
  consulBindInterface,
  networkAttachment,
  imageReference,
  pinnedImageTag,
  uniqueContainerName,
  requiredProvider,
  consulPortExposure,
  ringConsulAddress,
  ringStore,
  ringReplicationFactor,
  uniqueIngesterId,
  invalidSuppression,
];

export const rules: ReadonlyMap<string, AnyRule> = new Map(all.map((rule) => [rule.meta.id, rule]));
