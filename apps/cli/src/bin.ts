#!/usr/bin/env node
import { placeholder } from "@cortex-ring/hcl-lint";
console.log(placeholder);
