import { describe, expect, it } from 'vitest';
import { lint, locations } from '../helpers.js';

describe('CG420 network-isolation', () => {
  const valid: Array<[string, string]> = [
    [
      'database on an internal backend network only',
      'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n    networks: [frontend, backend]\n  db:\n    image: postgres:16.4\n    networks: [backend]\nnetworks:\n  frontend: {}\n  backend:\n    internal: true\n',
    ],
    ['no service publishes ports', 'services:\n  app:\n    image: example/app:1.0\n  db:\n    image: postgres:16.4\n'],
    ['only the database publishes (CG112 territory)', 'services:\n  db:\n    image: postgres:16.4\n    ports:\n      - "127.0.0.1:5432:5432"\n'],
    ['no database', 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n  app:\n    image: example/app:1.0\n'],
    ['companion images are not databases', 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n  ui:\n    image: mongo-express:1.0\n'],
    ['the default network itself is internal', 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n  cache:\n    image: redis:7.4\nnetworks:\n  default:\n    internal: true\n'],
    ['database with network_mode', 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n  db:\n    image: postgres:16.4\n    network_mode: none\n'],
  ];
  it.each(valid)('does not fire: %s', (_name, text) => {
    expect(locations(lint('compose', text), 'CG420')).toEqual([]);
  });

  const invalid: Array<[string, string, string[], RegExp]> = [
    [
      'web publishes 80:80, db: postgres on the same default network',
      'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n  db:\n    image: postgres:16.4\n',
      ['6:3'],
      /service 'db' \(postgres\) shares the default network with 'web', which publishes ports to the host; put it on a separate backend network with internal: true/,
    ],
    [
      'several databases and publishers',
      'services:\n  cache:\n    image: redis:7.4\n  web:\n    image: nginx:1.27\n    ports: ["80:80"]\n  api:\n    image: example/api:1.0\n    ports: ["8080:8080"]\n  search:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0\n',
      ['2:3', '10:3'],
      /'web' and 'api', which publish ports/,
    ],
    [
      'default listed explicitly next to an internal network',
      'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n  db:\n    image: mariadb:11.4\n    networks: [default, backend]\nnetworks:\n  backend:\n    internal: true\n',
      ['6:3'],
      /\(mariadb\)/,
    ],
    [
      'a database that itself publishes shares the network with another publisher',
      'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n  mq:\n    image: rabbitmq:3.13-management\n    ports:\n      - "127.0.0.1:15672:15672"\n',
      ['6:3'],
      /service 'mq' \(rabbitmq\) shares the default network with 'web'/,
    ],
  ];
  it.each(invalid)('fires: %s', (_name, text, where, message) => {
    const findings = lint('compose', text).filter((f) => f.ruleId === 'CG420');
    expect(locations(findings, 'CG420')).toEqual(where);
    expect(findings[0]!.message).toMatch(message);
    expect(findings[0]!.level).toBe('warning');
    expect(findings[0]!.fix).toBeUndefined();
  });
});
