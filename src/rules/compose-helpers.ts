/**
 * Reading a compose file's YAML as written, for rules that need what the model leaves out:
 * whether a key is there at all, and raw (not yet interpolated) text with its exact place.
 */
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { ComposeModel } from '../model/compose.js';
import type { SourceFile } from '../model/source.js';
import { ValueReader } from '../parsers/compose-values.js';
import { scalarText, yamlView, type Entry, type YamlView } from '../parsers/compose-yaml.js';

const cache = new WeakMap<ComposeModel, ComposeYaml>();

/** The file's YAML view, built once for all the rules that ask. */
export function composeYaml(file: SourceFile, compose: ComposeModel): ComposeYaml {
  let yaml = cache.get(compose);
  if (!yaml) {
    yaml = new ComposeYaml(file, compose);
    cache.set(compose, yaml);
  }
  return yaml;
}

export class ComposeYaml {
  readonly view: YamlView;
  private readonly services: Map<string, Entry>;
  // Raw reading needs no interpolation variables.
  private readonly reader: ValueReader;

  constructor(file: SourceFile, compose: ComposeModel) {
    this.view = yamlView(compose.doc, file.text);
    this.reader = new ValueReader(this.view, {});
    const top = this.view.resolve(compose.doc.contents);
    const services = isMap(top) ? this.view.entries(top as YAMLMap).get('services')?.value : undefined;
    this.services = isMap(services) ? this.view.entries(services as YAMLMap) : new Map();
  }

  /** The service's effective keys (merge keys followed), empty when it is not a mapping. */
  service(name: string): Map<string, Entry> {
    const node = this.services.get(name)?.value;
    return isMap(node) ? this.view.entries(node as YAMLMap) : new Map();
  }

  /** A mapping's effective entries; undefined when the node is not a mapping. */
  map(node: Node | null | undefined): Map<string, Entry> | undefined {
    return this.reader.map(node);
  }

  /** Sequence items with aliases resolved; empty when the node is not a sequence. */
  items(node: Node | null | undefined): Node[] {
    return this.reader.items(node);
  }

  /** A scalar's text before interpolation; undefined for non-scalars and null. */
  raw(node: Node | null | undefined): string | undefined {
    const resolved = this.view.resolve(node);
    return isScalar(resolved) ? scalarText(resolved) : undefined;
  }
}
