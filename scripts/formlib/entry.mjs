// The libraries of the kommune form (docs/assets/kommuneskjema.js), exposed as one global. Bundled by build.mjs.
import { Validator } from "@cfworker/json-schema";
import { parsePhoneNumberWithError } from "libphonenumber-js/max";
import { parse as parseYaml } from "yaml";

globalThis.forlopsinfoBibliotek = { Validator, parsePhoneNumberWithError, parseYaml };
