/* «Lag eller endre kommunesiden»: a form that writes a kommune file (issue 20).
   Everything it shows and checks comes from the form spec the generator writes next to the page
   (generate/formspec.py -> <lang>/kommuneskjema.json): the fields of the data model, their help texts and marks,
   the validator's own Norwegian messages, the template's comments, the register, the repository and the publisher.
   The checks follow the Python validator (validate/): the JSON Schema of the model (@cfworker/json-schema) for the
   structure, libphonenumber-js for phone numbers, and the field types' and models' own rules for the rest.
   The libraries are bundled in kommuneskjema-bibliotek.js (scripts/formlib/). Data goes into the page with
   textContent only; nothing is sent anywhere but where the editor chooses to send the file. */
(function () {
  "use strict";

  var root = document.getElementById("kommuneskjema");
  if (!root) { return; }
  var lib = window.forlopsinfoBibliotek;
  var spec = null, T = {}, models = {}, validator = null;
  // shown: paths whose field messages are shown next to the field (all of them once a file is loaded or the editor
  // has typed there); the summary under «Sjekk» always lists every problem.
  var state = { data: null, kommune: null, shown: {}, all: false };
  var ids = 0;

  // --- small helpers -------------------------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name === "text") { node.textContent = value; }
      else if (name === "on") { Object.keys(value).forEach(function (ev) { node.addEventListener(ev, value[ev]); }); }
      else { node.setAttribute(name, value === true ? "" : String(value)); }
    });
    (children || []).forEach(function (child) {
      if (child) { node.appendChild(typeof child === "string" ? document.createTextNode(child) : child); }
    });
    return node;
  }

  function fill(text, values) {
    return String(text).replace(/\{([a-zA-ZæøåÆØÅ_]+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  function t(key, values) { return fill(T[key] === undefined ? key : T[key], values || {}); }

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function has(obj, key) { return isObject(obj) && Object.prototype.hasOwnProperty.call(obj, key); }

  function getAt(path) {
    var v = state.data;
    for (var i = 0; i < path.length; i++) {
      if (v === null || v === undefined) { return undefined; }
      v = v[path[i]];
    }
    return v;
  }

  function setAt(path, value) {
    var v = state.data;
    for (var i = 0; i < path.length - 1; i++) {
      if (!isObject(v[path[i]]) && !Array.isArray(v[path[i]])) {
        v[path[i]] = typeof path[i + 1] === "number" ? [] : {};
      }
      v = v[path[i]];
    }
    var last = path[path.length - 1];
    if (value === undefined) {
      if (Array.isArray(v)) { v.splice(last, 1); } else { delete v[last]; }
    } else {
      v[last] = value;
    }
  }

  /* The path as the validator names it: koordinerende_enhet.telefontid[1].fra (load/yamlload.py dotted()). */
  function dotted(path) {
    var out = "";
    path.forEach(function (part) {
      if (typeof part === "number") { out += "[" + (part + 1) + "]"; }
      else { out += (out ? "." : "") + part; }
    });
    return out;
  }

  function idFor(path) { return "ks-" + dotted(path).replace(/[^A-Za-z0-9æøåÆØÅ_-]+/g, "-"); }

  // --- difflib.get_close_matches(word, keys, n=1, cutoff=0.6), as validate/messages.py suggestion() uses it ---------

  function ratio(a, b) {
    var b2j = {};
    for (var j = 0; j < b.length; j++) { (b2j[b[j]] = b2j[b[j]] || []).push(j); }
    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0, j2len = {};
      for (var i = alo; i < ahi; i++) {
        var next = {}, js = b2j[a[i]] || [];
        for (var x = 0; x < js.length; x++) {
          var jj = js[x];
          if (jj < blo) { continue; }
          if (jj >= bhi) { break; }
          var k = next[jj] = (j2len[jj - 1] || 0) + 1;
          if (k > bestsize) { besti = i - k + 1; bestj = jj - k + 1; bestsize = k; }
        }
        j2len = next;
      }
      return [besti, bestj, bestsize];
    }
    var matches = 0, queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      var q = queue.pop(), m = longest(q[0], q[1], q[2], q[3]);
      if (m[2]) {
        matches += m[2];
        if (q[0] < m[0] && q[2] < m[1]) { queue.push([q[0], m[0], q[2], m[1]]); }
        if (m[0] + m[2] < q[1] && m[1] + m[2] < q[3]) { queue.push([m[0] + m[2], q[1], m[1] + m[2], q[3]]); }
      }
    }
    var total = a.length + b.length;
    return total ? 2 * matches / total : 1;
  }

  function closeMatch(word, keys) {
    var best = null;
    keys.forEach(function (key) {
      var score = ratio(key, word);
      if (score >= 0.6 && (!best || score > best[0] || (score === best[0] && key > best[1]))) { best = [score, key]; }
    });
    return best ? best[1] : null;
  }

  // --- the checks -----------------------------------------------------------------------------------------------

  function pyText(v) {  // a value as Python's f"{value}" writes it
    if (typeof v === "boolean") { return v ? "True" : "False"; }
    return String(v);
  }

  function json(v) { return JSON.stringify(v, function (k, x) { return typeof x === "bigint" ? Number(x) : x; }); }

  /* What the JSON Schema validator says about the whole file, by path: the structure (types, required, unknown
     keys, choices, lengths, list sizes). The messages are the validator's, from the spec. */
  function schemaProblems(data) {
    var out = {};
    if (!validator) { return out; }
    var plain = JSON.parse(json(data));
    validator.validate(plain).errors.forEach(function (e) {
      if (["properties", "$ref", "items", "anyOf", "allOf", "prefixItems"].indexOf(e.keyword) !== -1) { return; }
      var where = e.instanceLocation.replace(/^#\/?/, "");
      (out[where] = out[where] || []).push(e.keyword);
    });
    return out;
  }

  /* A message in nynorsk, as load/nynorsk.py gives it for a file with målform: nynorsk: the exact text, or a
     template whose {} stands for a value (the most literal template first), with each value put in too. */
  var nynorskPatterns = null;
  function nynorsk(text) {
    var forms = spec.nynorsk || {};
    if (Object.prototype.hasOwnProperty.call(forms, text) && text.indexOf("{}") === -1) { return forms[text]; }
    if (!nynorskPatterns) {
      nynorskPatterns = Object.keys(forms).filter(function (nb) { return nb.indexOf("{}") !== -1; }).map(function (nb) {
        var source = nb.split("{}").map(function (part) { return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("([\\s\\S]+?)");
        return { re: new RegExp("^" + source + "$"), form: forms[nb] };
      });  // already in the validator's order (generate/formspec.py nynorsk_forms)
    }
    for (var i = 0; i < nynorskPatterns.length; i++) {
      var m = nynorskPatterns[i].re.exec(text);
      if (m) {
        var pieces = nynorskPatterns[i].form.split("{}"), out = pieces[0];
        for (var j = 1; j < pieces.length; j++) { out += nynorsk(m[j]) + pieces[j]; }
        return out;
      }
    }
    return text;
  }

  function Checker(data) {
    this.errors = [];
    this.schema = schemaProblems(data);
    this.nynorsk = isObject(data) && data["målform"] === "nynorsk";  // the validator answers in the file's målform
  }

  Checker.prototype.add = function (path, message) {
    var melding = message.melding, retting = message.retting;
    if (this.nynorsk) { melding = nynorsk(melding); retting = nynorsk(retting); }
    this.errors.push({ sti: dotted(path), path: path.slice(), melding: melding, retting: retting });
  };

  Checker.prototype.pointer = function (path) {
    return path.map(function (p) { return encodeURIComponent(String(p).replace(/~/g, "~0").replace(/\//g, "~1")); }).join("/");
  };

  Checker.prototype.model = function (value, name, fields, path) {
    var self = this, before = this.errors.length;
    if (!isObject(value)) { this.add(path, spec.feil.gruppe); return; }
    var keys = fields.map(function (f) { return f["nøkkel"]; });
    var typos = {};
    Object.keys(value).forEach(function (key) {
      if (keys.indexOf(key) !== -1) { return; }
      var close = closeMatch(key, keys);
      if (close) {
        typos[close] = true;
        self.add(path.concat([key]), { melding: spec.feil.ukjent_mente_du.melding,
          retting: fill(spec.feil.ukjent_mente_du.retting, { forslag: close }) });
      } else {
        self.add(path.concat([key]), { melding: spec.feil.ukjent.melding,
          retting: fill(spec.feil.ukjent.retting, { tillatte: keys.join(", ") }) });
      }
    });
    fields.forEach(function (f) {
      var key = f["nøkkel"], at = path.concat([key]);
      if (!has(value, key)) {
        if (f.krav === "påkrevd" && !typos[key]) {
          self.add(at, { melding: fill(spec.feil.mangler.melding, { felt: key }),
            retting: fill(spec.feil.mangler.retting, { felt: key }) });
        }
        return;
      }
      var v = value[key];
      if (v === null && f["null"]) { return; }
      self.field(f, v, at);
    });
    if (this.errors.length === before) { this.rules(name, value, path); }
  };

  Checker.prototype.field = function (f, v, path) {
    var self = this;
    if (!f.liste) { this.item(f, v, path); return; }
    if (!Array.isArray(v)) { this.add(path, spec.feil.liste); return; }
    if (f.minst && v.length < f.minst) { this.add(path, spec.feil.tom_liste); return; }
    v.forEach(function (item, i) { self.item(f, item, path.concat([i])); });
  };

  Checker.prototype.item = function (f, v, path) {
    if (f.form === "gruppe") { this.model(v, f.modell, models[f.modell], path); return; }
    if (f.form === "valg") { this.choice(f, v, path); return; }
    if (f.form === "ja_nei") { if (typeof v !== "boolean") { this.add(path, spec.feil.sann_usann); } return; }
    this.text(f, v, path);
  };

  Checker.prototype.choice = function (f, v, path) {
    if (typeof v === "string" && f.valg.indexOf(v) !== -1) { return; }
    var near = typeof v === "string" ? f.valg.filter(function (c) { return c.toLowerCase() === v.trim().toLowerCase(); }) : [];
    if (near.length) {
      this.add(path, { melding: spec.feil.valg_nesten.melding, retting: fill(spec.feil.valg_nesten.retting, { verdi: near[0] }) });
    } else {
      this.add(path, f.ukjent_valg);
    }
  };

  Checker.prototype.text = function (f, v, path) {
    var kind = f.type ? spec.typer[f.type] : null, key = path[path.length - 1];
    if (typeof v !== "string") {
      if (f.type === "dato") { this.add(path, kind.meldinger.form); return; }
      if ((key === "fra" || key === "til") && typeof v !== "boolean" && (typeof v === "number" || typeof v === "bigint")) {
        this.add(path, spec.feil.tekst_klokkeslett);
      } else if (typeof v === "number") {
        this.add(path, spec.feil.tekst_desimaltall);
      } else if (typeof v === "bigint" || typeof v === "boolean") {
        this.add(path, { melding: spec.feil.tekst_tall.melding, retting: fill(spec.feil.tekst_tall.retting, { verdi: pyText(v) }) });
      } else if (isObject(v) || Array.isArray(v)) {
        this.add(path, spec.feil.tekst_gruppe);
      } else {
        this.add(path, spec.feil.tekst);
      }
      return;
    }
    v = v.trim();  // str_strip_whitespace in the model
    var words = (this.schema[this.pointer(path)] || []);
    if ((f.type === "kort_tekst" || f.type === "lang_tekst") && v.length === 0) { this.add(path, spec.feil.tom); return; }
    if (kind && kind.maks && v.length > kind.maks) {
      this.add(path, { melding: fill(spec.feil.for_lang.melding, { lengde: v.length, grense: kind.maks }), retting: spec.feil.for_lang.retting });
      return;
    }
    if (!kind) {
      if (words.indexOf("minLength") !== -1) { this.add(path, spec.feil.tom); }
      return;
    }
    var problem = CHECKS[f.type] ? CHECKS[f.type](v, kind) : null;
    if (problem) { this.add(path, kind.meldinger[problem]); }
  };

  Checker.prototype.rules = function (name, value, path) {
    var rules = spec.regler[name];
    if (!rules) { return; }
    if (name === "Hours") {
      if (value.til.trim() <= value.fra.trim()) { this.add(path, rules.rekkefolge); return; }
      var days = {};
      value.dager.forEach(function (d) { days[spec.dager[d]] = true; });
      if (Object.keys(days).length !== value.dager.length) { this.add(path, rules.samme_dag); }
    } else if (name === "PathwayCoordination") {
      var groups = (value["målgrupper"] || []).map(function (r) { return r["målgruppe"]; });
      if (groups.some(function (g, i) { return groups.indexOf(g) !== i; })) { this.add(path, rules.samme_malgruppe); }
    } else if (name === "ReportTo") {
      if (!value.epost && !value.nettside) { this.add(path, rules.en_av); }
    }
  };

  var SPECIAL_USE = ["arpa", "invalid", "local", "localhost", "onion", "test"];

  function emailValid(v) {
    var at = v.lastIndexOf("@");
    if (at < 1) { return false; }
    var local = v.slice(0, at), domain = v.slice(at + 1).toLowerCase();
    if (local.length > 64 || !/^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u.test(local)) { return false; }
    var labels = domain.split(".");
    if (labels.length < 2 || domain.length > 253) { return false; }
    if (!labels.every(function (l) { return l.length <= 63 && /^[\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?$/u.test(l); })) { return false; }
    if (/^[0-9]+$/.test(labels[labels.length - 1])) { return false; }
    return !SPECIAL_USE.some(function (d) { return domain === d || domain.slice(-d.length - 1) === "." + d; });
  }

  /* urllib.parse.urlsplit's scheme and hostname, as validate/fieldtypes.py _url reads them. */
  function splitUrl(v) {
    var scheme = "", rest = v, i = v.indexOf(":");
    if (i > 0 && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(v.slice(0, i))) { scheme = v.slice(0, i).toLowerCase(); rest = v.slice(i + 1); }
    var netloc = "";
    if (rest.slice(0, 2) === "//") {
      var end = rest.slice(2).search(/[/?#]/);
      netloc = end === -1 ? rest.slice(2) : rest.slice(2, 2 + end);
    }
    var host = netloc.slice(netloc.lastIndexOf("@") + 1);
    if (host.charAt(0) === "[") { host = host.slice(1, host.indexOf("]") === -1 ? undefined : host.indexOf("]")); }
    else { host = host.split(":")[0]; }
    return { scheme: scheme, netloc: netloc, host: host.toLowerCase() };
  }

  function ascii(host) {
    if (/^[\x00-\x7f]*$/.test(host)) { return host; }
    try { return new URL("http://" + host + "/").hostname; } catch (e) { return ""; }
  }

  var CHECKS = {
    telefon: function (v) {
      var number;
      try { number = lib.parsePhoneNumberWithError(v, "NO"); } catch (e) { return "ugyldig"; }
      if (!number.isValid()) { return "ugyldig"; }
      return number.ext ? "internnummer" : null;
    },
    epost: function (v, kind) {
      var local = v.lastIndexOf("@") === -1 ? "" : v.slice(0, v.lastIndexOf("@"));
      if (new RegExp(kind.lenketegn).test(local)) { return "lenketegn"; }
      return emailValid(v) ? null : "ugyldig";
    },
    nettadresse: function (v, kind) {
      var url = splitUrl(v);
      if (url.scheme !== "https" && url.scheme !== "http") { return "ikke_https"; }
      if (/\s/.test(v) || url.netloc.indexOf("@") !== -1 || !new RegExp(kind.vert).test(ascii(url.host))) { return "ugyldig"; }
      return null;
    },
    dato: function (v) {
      var m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(v);
      if (!m) { return "form"; }
      var y = +m[1], mo = +m[2], d = +m[3];
      var leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
      var days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
      return y >= 1 && days && d >= 1 && d <= days ? null : "finnes_ikke";
    },
    kort_tekst: function (v) { return v.indexOf("\n") !== -1 ? "en_linje" : null; }
  };
  /* validate/fieldtypes.py _maintainer: a GitHub name (@…) or a role e-mail address. */
  CHECKS.vedlikeholder = function (v, kind) {
    if (v.charAt(0) === "@") { return new RegExp(kind["mønster"]).test(v) ? null : "github"; }
    if (v.indexOf("@") !== -1) {
      var e = CHECKS.epost(v, { lenketegn: kind.lenketegn });
      return e ? "epost_" + e : null;
    }
    return "ingen";
  };
  /* validate/fieldtypes.py _service_phone: a national short number phonenumbers knows (116 117 …), or an ordinary
     number. libphonenumber-js has no short-number data: the spec carries phonenumbers' patterns for Norway. */
  function shortNumber(digits, data) {
    function matches(d) { return d["lengder"].indexOf(digits.length) !== -1 && new RegExp("^(?:" + d["mønster"] + ")$").test(digits); }
    return matches(data.generelt) && matches(data.kortnummer);
  }
  CHECKS.tjenestetelefon = function (v, kind) {
    var digits = v.replace(/[ -]/g, "");
    if (/^[0-9]{3,6}$/.test(digits) && shortNumber(digits, kind.kortnummer)) { return null; }
    return CHECKS.telefon(v) ? "ugyldig" : null;
  };
  ["kommunenummer", "postnummer", "klokkeslett", "kortnavn"].forEach(function (name) {
    CHECKS[name] = function (v, kind) { return new RegExp(kind["mønster"]).test(v) ? null : "form"; };
  });

  function check(data) {
    var checker = new Checker(data);
    if (!isObject(data)) { checker.add([], { melding: t("lagside_ikke_felt"), retting: "" }); return checker.errors; }
    checker.model(data, "KommuneFile", spec.felt, []);
    return checker.errors;
  }

  function missingRecommended(data) {
    var out = [];
    function walk(fields, value, path) {
      fields.forEach(function (f) {
        var v = isObject(value) ? value[f["nøkkel"]] : undefined;
        var at = path.concat([f["nøkkel"]]);
        if ((v === undefined || v === null) && f.krav === "anbefalt" && (path.length === 0 || isObject(value))) { out.push(dotted(at)); }
        if (f.form === "gruppe" && !f.liste && isObject(v)) { walk(models[f.modell], v, at); }
      });
    }
    walk(spec.felt, state.data, []);
    return out;
  }

  // --- the written file ----------------------------------------------------------------------------------------

  var PLAIN = /^[A-Za-zÆØÅæøåÀ-ÿ0-9][^\n]*$/;  // starts with a letter or digit, so never a YAML indicator
  var RESERVED = /^(true|false|null|~|yes|no|on|off|y|n|[-+]?[0-9][0-9_.:eE+-]*|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(inf|nan))$/i;

  function scalar(v, f) {
    if (typeof v === "boolean") { return v ? "true" : "false"; }
    if (typeof v === "bigint" || typeof v === "number") { return String(v); }
    if (v === null) { return "null"; }
    var s = String(v);
    var quote = f && ["telefon", "tjenestetelefon", "postnummer", "kommunenummer", "klokkeslett", "vedlikeholder"].indexOf(f.type) !== -1;
    if (!quote && f && f.type === "dato" && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(s)) { return s; }
    if (quote || !PLAIN.test(s) || /[\u0000-\u001f\u007f-\u009f]/.test(s) || RESERVED.test(s) || s !== s.trim() || /\s#|: |:$/.test(s)) { return JSON.stringify(s); }
    return s;
  }

  /* The template's comments in the file's målform (templates/kommune-mal.yaml or kommune-mal-nn.yaml). */
  function template() {
    return state.data && state.data["målform"] === "nynorsk" && spec.mal_nynorsk ? spec.mal_nynorsk : spec.mal;
  }

  var plainFile = false;  // true while the file is written without the template's comments (for an e-mail body)

  function commentFor(path) {
    if (plainFile) { return ""; }
    return template().kommentarer[path.filter(function (p) { return typeof p === "string"; }).join(".")] || "";
  }

  function line(indent, key, value, comment) {
    var text = indent + key + ":" + (value === "" ? "" : " " + value);
    if (comment) {
      while (text.length < 30) { text += " "; }
      text += "  # " + comment;  // two spaces: one space before # would read as a slip (load/yamlload.py)
    }
    return text;
  }

  function writeFields(fields, value, indent, path, out, firstPrefix) {
    var first = true;
    var keys = fields.map(function (f) { return f["nøkkel"]; });
    fields.forEach(function (f) {
      var key = f["nøkkel"];
      if (!has(value, key)) { return; }
      out.push.apply(out, writeField(f, value[key], first && firstPrefix ? firstPrefix : indent, indent, path.concat([key])));
      first = false;
    });
    Object.keys(value).forEach(function (key) {  // fields the model does not know: kept, so the check can name them
      if (keys.indexOf(key) !== -1) { return; }
      out.push(line(first && firstPrefix ? firstPrefix : indent, /^[\p{L}\p{N}_-]+$/u.test(key) ? key : JSON.stringify(key), json(value[key])));
      first = false;
    });
  }

  function writeField(f, v, prefix, indent, path) {
    var out = [], comment = commentFor(path), key = f["nøkkel"];
    if (path.length === 1 && f.form === "gruppe" && out) { out.push(""); }
    if (v === null || v === undefined) { out.push(line(prefix, key, "", comment)); return out; }
    if (f.liste && Array.isArray(v)) {
      if (!v.length) { out.push(line(prefix, key, "[]", comment)); return out; }
      if (f.form !== "gruppe") {
        if (f.form === "valg") { out.push(line(prefix, key, "[" + v.map(function (x) { return scalar(x, f); }).join(", ") + "]", comment)); return out; }
        out.push(line(prefix, key, "", comment));
        v.forEach(function (x) { out.push(indent + "  - " + scalar(x, f)); });
        return out;
      }
      out.push(line(prefix, key, "", comment));
      v.forEach(function (item) {
        if (isObject(item)) { writeFields(models[f.modell], item, indent + "    ", path, out, indent + "  - "); }
        else { out.push(indent + "  - " + json(item)); }
      });
      return out;
    }
    if (f.form === "gruppe" && isObject(v)) {
      out.push(line(prefix, key, "", comment));
      writeFields(models[f.modell], v, indent + "  ", path, out);
      return out;
    }
    if (isObject(v) || Array.isArray(v)) { out.push(line(prefix, key, json(v), comment)); return out; }
    out.push(line(prefix, key, scalar(v, f), comment));
    return out;
  }

  function yamlText(withoutComments) {
    var k = state.kommune || { navn: "", nummer: "" };
    var head = withoutComments ? "" : fill(template().topp, { kommune: k.navn, KOMMUNE: k.navn.toUpperCase(), nummer: k.nummer }) + "\n";
    var out = [];
    plainFile = !!withoutComments;
    try { writeFields(spec.felt, state.data, "", [], out); } finally { plainFile = false; }
    return spec.mal.modelinje + "\n" + head + out.join("\n").replace(/^\n+/, "") + "\n";
  }

  function fileName() {
    var k = state.kommune;
    if (!k) { return "kommune.yaml"; }
    return k.fil || k.standardfil;
  }

  // --- the fields on the page ----------------------------------------------------------------------------------

  var verdictLine, fieldsBox, summaryBox, previewBox, outputBox, recommendedBox;

  function marks(f) {
    return el("span", { "class": "ks-merke ks-merke--" + (f.krav === "påkrevd" ? "pakrevd" : f.krav === "anbefalt" ? "anbefalt" : "valgfritt"),
      text: " (" + t(f.krav === "påkrevd" ? "lagside_pakrevd" : f.krav === "anbefalt" ? "lagside_anbefalt" : "lagside_valgfritt") + ")" });
  }

  function modelLang() { return spec["språk"] !== spec["modellspråk"] ? spec["modellspråk"] : null; }

  function help(f, id) {
    return f.hjelp ? el("p", { "class": "ks-hjelp", id: id + "-hjelp", lang: modelLang(), text: f.hjelp }) : null;
  }

  function changed(rerender) {
    if (rerender) { drawFields(); }
    update();
  }

  /* What a person types, made what the file needs, when they leave the field: the form writes the quotation
     marks the messages speak of, so typed ones are dropped («"22 40 00 40"» -> 22 40 00 40), and a time written
     as people write it becomes TT:MM («kl. 9» -> 09:00, «14» -> 14:00, «9.30» -> 09:30). Never anything else. */
  function tidy(f, value) {
    var v = value;
    if (f.type === "lang_tekst") { return v; }
    var quoted = /^\s*(["'«“”„])(.*)(["'»”“])\s*$/.exec(v);
    if (quoted) { v = quoted[2]; }
    if (f.type === "klokkeslett") {
      var m = /^\s*(?:kl\.?\s*)?([0-9]{1,2})(?:[.:]?([0-9]{2}))?\s*$/i.exec(v);
      if (m && +m[1] < 24 && (!m[2] || +m[2] < 60)) { v = (m[1].length === 1 ? "0" : "") + m[1] + ":" + (m[2] || "00"); }
    }
    return v;
  }

  function textInput(f, path, labelText) {
    var id = idFor(path), v = getAt(path);
    var attrs = { id: id, name: id, "aria-describedby": id + "-hjelp " + id + "-feil", autocomplete: "off", spellcheck: f.type === "lang_tekst" || f.type === "kort_tekst" ? null : "false" };
    var input;
    if (f.type === "lang_tekst") { input = el("textarea", Object.assign(attrs, { rows: 3 })); }
    else {
      attrs.type = { telefon: "tel", epost: "email", nettadresse: "url" }[f.type] || "text";
      if (f.type === "dato") { attrs.placeholder = "ÅÅÅÅ-MM-DD"; attrs.inputmode = "numeric"; }
      if (f.type === "klokkeslett") { attrs.placeholder = "TT:MM"; attrs.inputmode = "numeric"; attrs["class"] = "ks-kort"; }
      if (f.type === "postnummer" || f.type === "kommunenummer") { attrs.inputmode = "numeric"; attrs["class"] = "ks-kort"; }
      input = el("input", attrs);
    }
    input.value = v === undefined || v === null ? "" : (typeof v === "string" ? v : pyText(v));
    input.addEventListener("blur", function () {
      var tidied = tidy(f, input.value);
      if (tidied !== input.value) { input.value = tidied; setAt(path, tidied === "" ? undefined : tidied); changed(false); }
      if (!state.shown[dotted(path)]) { state.shown[dotted(path)] = true; update(); }
    });
    input.addEventListener("input", function () {  // an empty field is a field not given; a list keeps its item
      state.shown[dotted(path)] = true;
      setAt(path, input.value === "" && typeof path[path.length - 1] !== "number" ? undefined : input.value);
      changed(false);
    });
    return el("div", { "class": "ks-felt", "data-sti": dotted(path) }, [
      el("label", { "for": id, lang: modelLang() }, [labelText || f.etikett, marks(f)]),
      labelText ? null : help(f, id), input, el("p", { "class": "ks-feil", id: id + "-feil" })
    ]);
  }

  function choiceInput(f, path) {
    var id = idFor(path), v = getAt(path);
    var select = el("select", { id: id, name: id, "aria-describedby": id + "-hjelp " + id + "-feil" }, [el("option", { value: "", text: t("lagside_velg") })]);
    f.valg.forEach(function (c) { select.appendChild(el("option", { value: c, text: c })); });
    if (v !== undefined && v !== null && f.valg.indexOf(v) === -1) {
      select.appendChild(el("option", { value: "\u0000", text: t("lagside_ugyldig_verdi", { verdi: pyText(v) }) }));
      select.value = "\u0000";
    } else {
      select.value = v === undefined || v === null ? "" : v;
    }
    select.addEventListener("change", function () {
      if (select.value === "\u0000") { return; }
      state.shown[dotted(path)] = true;
      setAt(path, select.value === "" ? undefined : select.value);
      if (path.length === 1 && path[0] === "målform") { changed(true); return; }
      changed(false);
    });
    return el("div", { "class": "ks-felt", "data-sti": dotted(path) }, [
      el("label", { "for": id, lang: modelLang() }, [f.etikett, marks(f)]), help(f, id), select,
      el("p", { "class": "ks-feil", id: id + "-feil" })
    ]);
  }

  function boolInput(f, path) {
    var id = idFor(path), v = getAt(path);
    if (f.krav !== "påkrevd" && f.standard === false) {
      var box = el("input", { type: "checkbox", id: id, name: id, "aria-describedby": id + "-hjelp " + id + "-feil" });
      box.checked = v === true;
      box.addEventListener("change", function () { setAt(path, box.checked ? true : undefined); changed(false); });
      return el("div", { "class": "ks-felt ks-avkrysning", "data-sti": dotted(path) }, [
        box, el("label", { "for": id, lang: modelLang() }, [f.etikett, marks(f)]), help(f, id), el("p", { "class": "ks-feil", id: id + "-feil" })
      ]);
    }
    var select = el("select", { id: id, name: id, "aria-describedby": id + "-hjelp " + id + "-feil" }, [
      el("option", { value: "", text: t("lagside_velg") }), el("option", { value: "true", text: t("lagside_ja") }),
      el("option", { value: "false", text: t("lagside_nei") })]);
    if (typeof v === "boolean") { select.value = String(v); }
    else if (v !== undefined && v !== null) {
      select.appendChild(el("option", { value: "\u0000", text: t("lagside_ugyldig_verdi", { verdi: pyText(v) }) }));
      select.value = "\u0000";
    }
    select.addEventListener("change", function () {
      if (select.value === "\u0000") { return; }
      setAt(path, select.value === "" ? undefined : select.value === "true");
      changed(false);
    });
    return el("div", { "class": "ks-felt", "data-sti": dotted(path) }, [
      el("label", { "for": id, lang: modelLang() }, [f.etikett, marks(f)]), help(f, id), select, el("p", { "class": "ks-feil", id: id + "-feil" })
    ]);
  }

  function dayNames() {
    var form = state.data && state.data["målform"];
    return spec.ukedager[form] || spec.ukedager[spec["språk"] === "nn" ? "nynorsk" : "bokmål"] || [];
  }

  function daysInput(f, path) {
    var id = idFor(path), v = getAt(path), names = dayNames();
    var chosen = {};
    (Array.isArray(v) ? v : []).forEach(function (d) { if (spec.dager[d] !== undefined) { chosen[spec.dager[d]] = true; } });
    var boxes = el("div", { "class": "ks-dager" });
    names.forEach(function (name) {
      var n = spec.dager[name], boxId = id + "-" + n;
      var box = el("input", { type: "checkbox", id: boxId, value: name });
      box.checked = !!chosen[n];
      box.addEventListener("change", function () {
        var now = {};
        boxes.querySelectorAll("input").forEach(function (b) { if (b.checked) { now[spec.dager[b.value]] = b.value; } });
        var list = Object.keys(now).sort().map(function (k) { return now[k]; });
        state.shown[dotted(path)] = true;
        var others = (Array.isArray(getAt(path)) ? getAt(path) : []).filter(function (d) { return spec.dager[d] === undefined; });
        setAt(path, list.concat(others));
        changed(false);
      });
      boxes.appendChild(el("span", { "class": "ks-dag" }, [box, el("label", { "for": boxId, text: name })]));
    });
    return el("fieldset", { "class": "ks-felt ks-dagvalg", id: id, "data-sti": dotted(path), "aria-describedby": id + "-feil" }, [
      el("legend", { lang: modelLang() }, [f.etikett, marks(f)]), help(f, id), boxes, el("p", { "class": "ks-feil", id: id + "-feil" })
    ]);
  }

  function button(text, onClick, cls) {
    return el("button", { type: "button", "class": "ks-knapp" + (cls ? " " + cls : ""), text: text, on: { click: onClick } });
  }

  function focusLater(id) {
    window.setTimeout(function () {
      var node = document.getElementById(id);
      if (node) {
        var target = node.matches("input,select,textarea,button") ? node : node.querySelector("input,select,textarea,button");
        (target || node).focus();
      }
    }, 0);
  }

  function emptyGroup(name) {
    var out = {};
    models[name].forEach(function (f) {
      if (f.krav !== "påkrevd") { return; }
      if (f.form === "gruppe") { out[f["nøkkel"]] = f.liste ? [emptyGroup(f.modell)] : emptyGroup(f.modell); }
      else if (f.liste && f.minst) { out[f["nøkkel"]] = []; }
    });
    return out;
  }

  function groupBlock(f, path, title) {
    var id = idFor(path), v = getAt(path);
    var box = el("fieldset", { "class": "ks-gruppe", id: id, "data-sti": dotted(path) }, [
      el("legend", { lang: modelLang() }, [title || f.etikett, marks(f)])]);
    if (!title && f.hjelp) { box.appendChild(help(f, id)); }
    box.appendChild(el("p", { "class": "ks-feil", id: id + "-feil" }));
    if (isObject(v)) {
      drawModel(models[f.modell], path, box);
    } else if (v !== undefined && v !== null) {
      box.appendChild(el("p", { "class": "ks-hjelp", text: t("lagside_ugyldig_verdi", { verdi: json(v) }) }));
    }
    return box;
  }

  function optionalGroup(f, path) {
    var v = getAt(path), key = f["nøkkel"];
    var box = groupBlock(f, path);
    if (v === undefined || v === null) {
      box.appendChild(button(t("lagside_legg_til", { felt: f.etikett }), function () {
        setAt(path, emptyGroup(f.modell));
        changed(true);
        focusLater(idFor(path));
      }));
    } else if (f.krav !== "påkrevd") {
      box.appendChild(button(t("lagside_fjern", { felt: f.etikett }), function () {
        setAt(path, undefined);
        changed(true);
        focusLater(idFor(path));
      }, "ks-knapp--fjern"));
    }
    return box;
  }

  function listBlock(f, path) {
    var id = idFor(path), v = getAt(path);
    var box = el("fieldset", { "class": "ks-liste", id: id, "data-sti": dotted(path) }, [
      el("legend", { lang: modelLang() }, [f.etikett, marks(f)]), help(f, id), el("p", { "class": "ks-feil", id: id + "-feil" })]);
    var items = Array.isArray(v) ? v : [];
    items.forEach(function (item, i) {
      var at = path.concat([i]), title = t("lagside_nummer", { felt: f.etikett, nummer: i + 1 });
      var part = f.form === "gruppe" ? groupBlock(f, at, title) : textInput(f, at, title);
      part.appendChild(button(t("lagside_fjern", { felt: title }), function () {
        var list = getAt(path);
        list.splice(i, 1);
        if (!list.length && f.krav !== "påkrevd") { setAt(path, undefined); }
        changed(true);
        focusLater(id + "-legg-til");
      }, "ks-knapp--fjern"));
      box.appendChild(part);
    });
    var add = button(t("lagside_legg_til", { felt: f.etikett }), function () {
      var list = Array.isArray(getAt(path)) ? getAt(path) : [];
      list.push(f.form === "gruppe" ? emptyGroup(f.modell) : "");
      setAt(path, list);
      changed(true);
      focusLater(idFor(path.concat([list.length - 1])));
    });
    add.id = id + "-legg-til";
    box.appendChild(add);
    return box;
  }

  function drawModel(fields, path, into) {
    fields.forEach(function (f) {
      var at = path.concat([f["nøkkel"]]);
      if (f.form === "valg" && f.liste) { into.appendChild(daysInput(f, at)); }
      else if (f.liste) { into.appendChild(listBlock(f, at)); }
      else if (f.form === "gruppe") { into.appendChild(optionalGroup(f, at)); }
      else if (f.form === "valg") { into.appendChild(choiceInput(f, at)); }
      else if (f.form === "ja_nei") { into.appendChild(boolInput(f, at)); }
      else { into.appendChild(textInput(f, at)); }
    });
  }

  function drawFields() {
    fieldsBox.textContent = "";
    if (!state.data) { return; }
    if (isObject(state.data)) { drawModel(spec.felt, [], fieldsBox); }
  }

  // --- verdict, preview, file ----------------------------------------------------------------------------------

  function showErrors(errors) {
    root.querySelectorAll(".ks-feil").forEach(function (p) { p.textContent = ""; });
    root.querySelectorAll("[aria-invalid]").forEach(function (n) { n.removeAttribute("aria-invalid"); });
    summaryBox.textContent = "";
    var verdict = errors.length ? t("lagside_ugyldig", { antall: errors.length }) : t("lagside_gyldig");
    if (verdictLine.textContent !== verdict) { verdictLine.textContent = verdict; }  // announced only when it changes
    verdictLine.className = "ks-dom " + (errors.length ? "ks-dom--feil" : "ks-dom--ok");
    if (errors.length) {
      var list = el("ul", { "class": "ks-feilliste", lang: modelLang() });
      errors.forEach(function (e) {
        var target = document.getElementById(idFor(e.path));
        var name = target ? el("a", { href: "#" + idFor(e.path), text: e.sti || t("lagside_filen") }) : el("code", { text: e.sti || t("lagside_filen") });
        var item = el("li", { "data-sti": e.sti }, [name, ": ", el("span", { "class": "ks-melding", text: e.melding }), " ",
          el("span", { "class": "ks-retting", text: e.retting })]);
        if (!target && e.path.length && e.melding === spec.feil.ukjent.melding) {
          item.appendChild(button(t("lagside_fjern_ukjent", { felt: e.path[e.path.length - 1] }), function () {
            setAt(e.path, undefined);
            changed(true);
            focusLater("ks-dom");
          }, "ks-knapp--fjern"));
        }
        list.appendChild(item);
        var near = target, path = e.path.slice();
        while (!near && path.length) { path.pop(); near = document.getElementById(idFor(path)); }
        if (near && (state.all || shownAt(e.path))) {
          var slot = document.getElementById(near.id + "-feil");
          if (slot) { slot.textContent = (slot.textContent ? slot.textContent + " " : "") + e.melding + " " + e.retting; slot.setAttribute("lang", modelLang() || spec["språk"]); }
          var control = near.matches("input,select,textarea") ? near : null;
          if (control && target) { control.setAttribute("aria-invalid", "true"); }
        }
      });
      summaryBox.appendChild(list);
    }
    var missing = missingRecommended();
    recommendedBox.textContent = "";
    if (missing.length && isObject(state.data)) {
      recommendedBox.appendChild(el("p", { text: t("lagside_anbefalt_mangler") }));
      recommendedBox.appendChild(el("ul", {}, missing.map(function (m) { return el("li", {}, [el("code", { text: m })]); })));
    }
  }

  function shownAt(path) {
    var key = dotted(path);
    return Object.keys(state.shown).some(function (p) { return p === key || p.indexOf(key + ".") === 0 || p.indexOf(key + "[") === 0; });
  }

  function formatPhone(v) {
    try { var n = lib.parsePhoneNumberWithError(String(v), "NO"); return n.country === "NO" ? n.formatNational() : n.formatInternational(); }
    catch (e) { return String(v); }
  }

  function telLink(v) {
    try { var n = lib.parsePhoneNumberWithError(String(v), "NO"); if (n.isValid()) { return "tel:" + n.number; } } catch (e) { /* as dialled */ }
    return "tel:" + String(v).replace(/[^0-9]/g, "");
  }

  function hoursText(rows) {
    if (!Array.isArray(rows)) { return ""; }
    return rows.filter(function (r) { return isObject(r) && r.fra && r.til && Array.isArray(r.dager) && r.dager.length; }).map(function (r) {
      var days = (Array.isArray(r.dager) ? r.dager : []).join(", ");
      var text = days + " " + t("klokka") + " " + String(r.fra || "").replace(":", ".") + "–" + String(r.til || "").replace(":", ".");
      return r.merknad ? text + " (" + r.merknad + ")" : text;
    }).join("; ");
  }

  /* The fixed texts are Markdown; the box's texts use links and bold only. Made into elements, never into HTML. */
  function markdown(text) {
    var out = el("span", {}), rest = String(text).replace(/\*\*/g, ""), m;
    var link = /\[([^\]]+)\]\(([^)\s]+)\)/;
    while ((m = link.exec(rest))) {
      out.appendChild(document.createTextNode(rest.slice(0, m.index)));
      var safe = /^(tel:|https:|mailto:)/.test(m[2]) ? m[2] : null;
      out.appendChild(safe ? el("a", { href: safe, text: m[1] }) : document.createTextNode(m[1]));
      rest = rest.slice(m.index + m[0].length);
    }
    out.appendChild(document.createTextNode(rest));
    return out;
  }

  function drawPreview() {
    previewBox.textContent = "";
    var d = state.data, ke = isObject(d) && isObject(d.koordinerende_enhet) ? d.koordinerende_enhet : null;
    if (!ke) { return; }
    var own = d["målform"] && spec["målformer"][d["målform"]] !== spec["språk"] ? spec["målformer"][d["målform"]] : null;
    var box = el("div", { "class": "kontaktboks" });
    box.appendChild(el("h3", { text: t("kontakt_tittel") + (d.eksempel === true ? " (" + t("eksempel_merke") + ")" : "") }));
    var unit = el("p", {}, [el("strong", { lang: own, text: String(ke.navn || "") })]);
    if (ke.plassering) { unit.appendChild(document.createTextNode(" (")); unit.appendChild(el("span", { lang: own, text: String(ke.plassering) })); unit.appendChild(document.createTextNode(")")); }
    box.appendChild(unit);
    if (ke.telefon) {
      box.appendChild(el("p", {}, [el("a", { href: telLink(ke.telefon), "class": "ring ring--kommune", text: t("ring") + " " + formatPhone(ke.telefon) })]));
    }
    var hours = hoursText(ke.telefontid);
    if (hours) { box.appendChild(el("p", { text: t("telefontid") + ": " + hours + "." })); }
    box.appendChild(el("p", {}, [markdown(t("utenfor_telefontid"))]));
    if (ke.sikker_melding) {
      box.appendChild(el("p", {}, [el("a", { href: String(ke.sikker_melding), "class": "knapp-lenke", text: t("sikker_melding") }), " " + t("sikker_melding_forklaring")]));
    }
    var details = el("ul", {});
    if (ke.skjema) { details.appendChild(el("li", {}, [el("a", { href: String(ke.skjema), text: t("skjema") }), " " + t("skjema_forklaring")])); }
    if (ke.epost) { details.appendChild(el("li", {}, [t("epost") + ": ", el("a", { href: "mailto:" + String(ke.epost), text: String(ke.epost) }), ". " + t("epost_advarsel")])); }
    if (isObject(ke.kontaktperson)) {
      var cp = ke.kontaktperson;
      details.appendChild(el("li", { text: t("kontaktperson") + ": " + [cp.rolle, cp.navn, cp.telefon ? formatPhone(cp.telefon) : null, cp.epost].filter(Boolean).join(", ") }));
    }
    [["besøksadresse", "besoksadresse"], ["postadresse", "postadresse"]].forEach(function (pair) {
      var a = ke[pair[0]];
      if (isObject(a)) { details.appendChild(el("li", { text: t(pair[1]) + ": " + [a.adresse, [a.postnummer, a.poststed].filter(Boolean).join(" ")].filter(Boolean).join(", ") })); }
    });
    var open = hoursText(ke["åpningstider"]);
    if (open) { details.appendChild(el("li", { text: t("apningstider") + ": " + open })); }
    if (ke.nettside) { details.appendChild(el("li", {}, [el("a", { href: String(ke.nettside), text: t("nettside") })])); }
    if (details.childNodes.length) { box.appendChild(el("div", { "class": "kontakt-detaljer" }, [details])); }
    previewBox.appendChild(box);
  }

  var outputArea, sendBox, blobUrl = null;
  var MAILTO_LIMIT = 2000;  // characters of a mailto: link that common mail programs still open whole
  var GITHUB_LIMIT = 8000;  // characters of a «new file» link GitHub still accepts

  function drawSend(text, errors) {
    sendBox.textContent = "";
    if (!state.kommune) { return; }
    if (errors.length) { sendBox.appendChild(el("p", { "class": "ks-advarsel", text: t("lagside_ikke_klar") })); }
    var name = fileName(), repo = spec.github.repo, branch = spec.github.gren, folder = spec.github.mappe;
    if (blobUrl) { URL.revokeObjectURL(blobUrl); }
    blobUrl = URL.createObjectURL(new Blob([text], { type: "text/yaml;charset=utf-8" }));
    var download = el("a", { "class": "ks-knapp", download: name, href: blobUrl, text: t("lagside_last_ned", { fil: name }) });
    sendBox.appendChild(el("h3", { text: t("lagside_send_github") }));
    if (state.kommune.fil) {
      var edit = repo + "/edit/" + encodeURIComponent(branch) + "/" + folder + "/" + encodeURIComponent(name);
      sendBox.appendChild(el("p", { text: t("lagside_github_endre_hjelp") }));
      sendBox.appendChild(button(t("lagside_github_endre"), function () {
        copy(text);
        window.open(edit, "_blank", "noopener");
      }));
    } else {
      var link = repo + "/new/" + encodeURIComponent(branch) + "?filename=" + encodeURIComponent(folder + "/" + name) + "&value=" + encodeURIComponent(text);
      sendBox.appendChild(el("p", { text: t("lagside_github_ny_hjelp") }));
      if (link.length <= GITHUB_LIMIT) {
        sendBox.appendChild(el("a", { "class": "ks-knapp", href: link, target: "_blank", rel: "noopener", text: t("lagside_github_ny") }));
      } else {
        sendBox.appendChild(el("p", { text: t("lagside_github_lang") }));
        sendBox.appendChild(button(t("lagside_github_ny"), function () {
          copy(text);
          window.open(repo + "/new/" + encodeURIComponent(branch) + "?filename=" + encodeURIComponent(folder + "/" + name), "_blank", "noopener");
        }));
      }
    }
    sendBox.appendChild(el("h3", { text: t("lagside_send_epost") }));
    if (spec.utgiver.epost) {
      var subject = t("lagside_epost_emne", { kommune: state.kommune.navn, fil: name });
      var short = "mailto:" + spec.utgiver.epost + "?subject=" + encodeURIComponent(subject);
      // the body carries the file without the template's comments (the same data, a third of the length)
      var full = short + "&body=" + encodeURIComponent(t("lagside_epost_tekst", { kommune: state.kommune.navn, fil: name }) + "\n\n" + yamlText(true));
      if (full.length <= MAILTO_LIMIT) {
        sendBox.appendChild(el("a", { "class": "ks-knapp", href: full, text: t("lagside_epost", { utgiver: spec.utgiver.epost }) }));
      } else {
        sendBox.appendChild(el("p", { text: t("lagside_epost_lang", { fil: name }) }));
        sendBox.appendChild(el("a", { "class": "ks-knapp", href: short, text: t("lagside_epost", { utgiver: spec.utgiver.epost }) }));
      }
    } else {
      sendBox.appendChild(el("p", { "class": "ks-advarsel", text: t("lagside_epost_ingen") }));
    }
    sendBox.appendChild(el("h3", { text: t("lagside_send_last_ned") }));
    sendBox.appendChild(el("p", {}, [download]));
  }

  var copyStatus;
  function copy(text) {
    function done(ok) { copyStatus.textContent = ok ? t("lagside_kopiert") : t("lagside_kopier_feil"); }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
    } else { done(false); }
  }

  function update() {
    if (!state.data) { return; }
    var errors = check(state.data);
    showErrors(errors);
    drawPreview();
    var text = yamlText();
    outputArea.value = text;
    drawSend(text, errors);
    root.setAttribute("data-sjekket", String(Date.now()));
  }

  // --- starting points: new, published, a file --------------------------------------------------------------------

  var startStatus, kommuneSelect, formSelect;

  function chosenKommune() {
    return spec.kommuner.filter(function (k) { return k.nummer === kommuneSelect.value; })[0] || null;
  }

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function begin(data, kommune, message, showAll) {
    state.data = data;
    state.shown = {};
    state.all = !!showAll;
    state.kommune = kommune;
    drawFields();
    update();
    startStatus.textContent = message;
    document.getElementById("ks-fyll-inn").hidden = false;
  }

  function startNew() {
    var k = chosenKommune();
    if (!k) { startStatus.textContent = t("lagside_velg_kommune"); kommuneSelect.focus(); return; }
    var data = emptyGroupTop();
    data.kommunenummer = k.nummer;
    data["målform"] = formSelect.value || k["målform"] || "bokmål";
    data.sist_kontrollert = today();
    begin(data, k, t("lagside_startet", { kommune: k.navn }));
  }

  function emptyGroupTop() {
    var out = {};
    spec.felt.forEach(function (f) {
      if (f.krav !== "påkrevd") { return; }
      if (f.form === "gruppe") { out[f["nøkkel"]] = f.liste ? [emptyGroup(f.modell)] : emptyGroup(f.modell); }
      else if (f.liste) { out[f["nøkkel"]] = [""]; }
    });
    return out;
  }

  function fetchPublished() {
    var k = chosenKommune();
    if (!k) { startStatus.textContent = t("lagside_velg_kommune"); kommuneSelect.focus(); return; }
    if (!k.fil) { startStatus.textContent = t("lagside_hent_ingen", { kommune: k.navn }); return; }
    var base = root.getAttribute("data-nettsted") || "../";
    startStatus.textContent = t("lagside_henter");
    fetch(base + spec.api.kommune.replace("{nummer}", k.nummer)).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    }).then(function (published) {
      var data = prune(published.data, spec.felt);
      if (!isObject(data)) { throw new Error("ingen data"); }
      data.sist_kontrollert = today();
      // example data is invented: say so, so nobody sends it on as the kommune's own
      begin(data, k, t(data.eksempel === true ? "lagside_hentet_eksempel" : "lagside_hentet", { kommune: k.navn }), true);
    }).catch(function () { startStatus.textContent = t("lagside_hent_feil"); });
  }

  /* The published data has every default filled in (empty lists, eksempel: false): the file needs none of them. */
  function prune(value, fields) {
    if (!isObject(value)) { return value; }
    fields.forEach(function (f) {
      var key = f["nøkkel"], v = value[key];
      if (v === null || (f.krav !== "påkrevd" && ((Array.isArray(v) && !v.length) || (f.standard === false && v === false)))) {
        delete value[key];
      } else if (f.form === "gruppe" && Array.isArray(v)) {
        v.forEach(function (item) { prune(item, models[f.modell]); });
      } else if (f.form === "gruppe") {
        prune(v, models[f.modell]);
      }
    });
    return value;
  }

  function readText(text) {
    var data;
    try {
      data = lib.parseYaml(text, { intAsBigInt: true, uniqueKeys: true, merge: false });
    } catch (e) {
      var at = e && e.linePos && e.linePos[0] ? e.linePos[0].line : null;
      startStatus.textContent = at ? t("lagside_les_feil_linje", { linje: at }) : t("lagside_les_feil");
      return;
    }
    var number = isObject(data) && typeof data.kommunenummer === "string" ? data.kommunenummer : null;
    var k = spec.kommuner.filter(function (x) { return x.nummer === number; })[0] || null;
    if (k) { kommuneSelect.value = k.nummer; }
    begin(data === undefined ? null : data, k, t("lagside_lest"), true);
    if (!isObject(data)) { showErrors(check(data)); }
  }

  // --- the page ----------------------------------------------------------------------------------------------

  function build() {
    T = spec.tekster;
    models = spec.modeller;
    try {
      var schema = JSON.parse(JSON.stringify(spec.skjema));
      delete schema.$schema;
      validator = new lib.Validator(schema, "2020-12", false);
    } catch (e) { validator = null; }
    root.textContent = "";

    var start = el("section", { "class": "ks-del", "aria-labelledby": "ks-start-tittel" }, [el("h2", { id: "ks-start-tittel", text: t("lagside_start_tittel") })]);
    kommuneSelect = el("select", { id: "ks-kommune", name: "kommune" }, [el("option", { value: "", text: t("lagside_velg") })]);
    spec.kommuner.slice().sort(function (a, b) { return a.navn.localeCompare(b.navn, "nb"); }).forEach(function (k) {
      kommuneSelect.appendChild(el("option", { value: k.nummer, text: k.navn + " (" + k.nummer + ")" +
        (k.fil ? " – " + t(k.eksempel ? "lagside_har_eksempel" : "lagside_har_fil") : "") }));
    });
    formSelect = el("select", { id: "ks-malform", name: "malform" });
    Object.keys(spec["målformer"]).forEach(function (form) { formSelect.appendChild(el("option", { value: form, text: form })); });
    formSelect.value = spec["språk"] === "nn" ? "nynorsk" : "bokmål";
    kommuneSelect.addEventListener("change", function () {
      var k = chosenKommune();
      if (k && k["målform"]) { formSelect.value = k["målform"]; }
    });
    start.appendChild(el("div", { "class": "ks-felt" }, [el("label", { "for": "ks-kommune", text: t("lagside_kommune") }), kommuneSelect]));
    start.appendChild(el("div", { "class": "ks-felt" }, [el("label", { "for": "ks-malform", text: t("lagside_malform") }), formSelect]));
    start.appendChild(el("div", { "class": "ks-knapper" }, [button(t("lagside_ny"), startNew), button(t("lagside_hent"), fetchPublished)]));
    var fileInput = el("input", { type: "file", id: "ks-fil", accept: ".yaml,.yml,text/yaml" });
    fileInput.addEventListener("change", function () {
      var file = fileInput.files && fileInput.files[0];
      if (file) { file.text().then(readText); }
    });
    var paste = el("textarea", { id: "ks-lim-inn", rows: 4, spellcheck: "false" });
    var own = el("details", { "class": "ks-egen-fil" }, [el("summary", { text: t("lagside_les_tittel") }),
      el("div", { "class": "ks-felt" }, [el("label", { "for": "ks-fil", text: t("lagside_les_fil") }), fileInput]),
      el("div", { "class": "ks-felt" }, [el("label", { "for": "ks-lim-inn", text: t("lagside_lim_inn") }), paste]),
      button(t("lagside_les"), function () { readText(paste.value); }, "ks-les-inn")]);
    start.appendChild(own);
    startStatus = el("p", { "class": "ks-status", role: "status" });
    start.appendChild(startStatus);
    root.appendChild(start);

    var form = el("div", { id: "ks-fyll-inn", hidden: true });
    fieldsBox = el("div", { "class": "ks-feltene" });
    form.appendChild(el("section", { "class": "ks-del", "aria-labelledby": "ks-felt-tittel" }, [
      el("h2", { id: "ks-felt-tittel", text: t("lagside_felt_tittel") }), el("p", { text: t("lagside_felt_ingress") }), fieldsBox]));
    verdictLine = el("p", { "class": "ks-dom", id: "ks-dom", role: "status", tabindex: "-1" });
    summaryBox = el("div", { "class": "ks-sammendrag" });
    recommendedBox = el("div", { "class": "ks-anbefalt" });
    previewBox = el("div", { "class": "ks-forhand" });
    form.appendChild(el("section", { "class": "ks-del", "aria-labelledby": "ks-sjekk-tittel" }, [
      el("h2", { id: "ks-sjekk-tittel", text: t("lagside_status_tittel") }), verdictLine, summaryBox, recommendedBox,
      el("h3", { text: t("lagside_forhand_tittel") }), el("p", { text: t("lagside_forhand_ingress") }), previewBox]));
    outputArea = el("textarea", { id: "ks-resultat", rows: 14, readonly: true, spellcheck: "false", wrap: "off" });
    copyStatus = el("p", { "class": "ks-status", role: "status" });
    sendBox = el("div", { "class": "ks-send" });
    form.appendChild(el("section", { "class": "ks-del", "aria-labelledby": "ks-fil-tittel" }, [
      el("h2", { id: "ks-fil-tittel", text: t("lagside_fil_tittel") }),
      el("label", { "for": "ks-resultat", text: t("lagside_fil") }), outputArea,
      el("p", {}, [button(t("lagside_kopier"), function () { copy(outputArea.value); })]), copyStatus, sendBox]));
    root.appendChild(form);
    root.setAttribute("data-klar", "true");
  }

  function fail() {
    root.textContent = "";
    root.appendChild(el("p", { "class": "ks-advarsel", text: root.getAttribute("data-feil") || "" }));
  }

  if (!lib) { fail(); return; }
  fetch(root.getAttribute("data-spec")).then(function (r) {
    if (!r.ok) { throw new Error(String(r.status)); }
    return r.json();
  }).then(function (loaded) { spec = loaded; build(); }).catch(fail);
}());
