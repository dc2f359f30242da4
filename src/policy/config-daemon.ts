/**
 * `docker-daemon:` in `.cguard.yaml`: what the hosts' daemon.json sets for logging, so CG006
 * knows the default log driver of containers that name none. Only the config says this: a
 * daemon.json found in the tree may not be the one the containers run under.
 *
 *   docker-daemon:
 *     log-driver: json-file
 *     log-opts: {max-size: "10m", max-file: "3"}
 */
import { entriesOf, fail, scalarOf, stringOf, type Entry, type YamlFile } from './config-yaml.js';
import type { DockerDaemonDefaults } from './policy.js';

const KEYS = ['log-driver', 'log-opts'];

export function parseDockerDaemon(file: YamlFile, entry: Entry): DockerDaemonDefaults {
  const result: DockerDaemonDefaults = { logOpts: {} };
  for (const item of entriesOf(file, entry, 'a mapping with log-driver and log-opts')) {
    if (!KEYS.includes(item.key)) fail(file, item.line, item.keyPath, 'unknown key', `allowed keys: ${KEYS.join(', ')}`);
    if (item.key === 'log-driver') {
      result.logDriver = stringOf(file, item, 'write the daemon\'s "log-driver", such as json-file or local').trim().toLowerCase();
      continue;
    }
    for (const opt of entriesOf(file, item, 'a mapping of log options')) {
      const value = scalarOf(file, opt);
      // daemon.json requires strings; a YAML number (max-file: 3) means the same.
      if (typeof value !== 'string' && typeof value !== 'number') fail(file, opt.line, opt.keyPath, 'expected a string', 'write the option as in daemon.json, such as max-size: "10m"');
      result.logOpts[opt.key] = String(value);
    }
  }
  return result;
}
