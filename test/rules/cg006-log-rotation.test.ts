/**
 * CG006 log-rotation: the effective log driver is json-file (Docker's default, so also when none
 * is named; facts §6: max-size defaults to unlimited) and there is no max-size. Compose anchors
 * and merge keys are followed. local, journald, syslog, none and the remote drivers rotate or
 * ship logs elsewhere; Podman's default is journald. The fix is safe: max-size 10m, max-file 3,
 * as strings (Docker requires log-opts values to be strings).
 */
import { crlf, ruleTester, type InvalidCase, type ValidCase } from './core-rule-tester.js';

const ROTATED = '    logging:\n      driver: json-file\n      options:\n        max-size: "10m"\n        max-file: "3"\n';

const valid: ValidCase[] = [
  { name: 'compose: json-file with max-size', kind: 'compose', code: `services:\n  web:\n    image: nginx:1.27\n${ROTATED}` },
  { name: 'compose: implicit driver with max-size', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      options:\n        max-size: 50m\n' },
  { name: 'compose: local driver', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: local\n' },
  { name: 'compose: journald', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: journald\n' },
  { name: 'compose: a remote driver', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: fluentd\n      options:\n        fluentd-address: "localhost:24224"\n' },
  { name: 'compose: none', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    logging: {driver: none}\n' },
  { name: 'compose: driver from an interpolation default', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: ${LOG_DRIVER:-local}\n' },
  { name: 'compose: driver from an unset variable is unknown', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: ${LOG_DRIVER}\n' },
  {
    name: 'compose: logging written as an alias of a rotating anchor',
    kind: 'compose',
    code: `x-logging: &default-logging\n  driver: json-file\n  options:\n    max-size: "10m"\n    max-file: "3"\n\nservices:\n  web:\n    image: nginx:1.27\n    logging: *default-logging\n  api:\n    image: ghcr.io/acme/api:1.2\n    logging: *default-logging\n`,
  },
  {
    name: 'compose: logging from a merge key',
    kind: 'compose',
    code: 'x-common: &common\n  restart: unless-stopped\n  logging:\n    driver: json-file\n    options: {max-size: 10m, max-file: "5"}\nservices:\n  web:\n    <<: *common\n    image: nginx:1.27\n',
  },
  { name: 'docker run --log-driver=journald', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm --log-driver=journald nginx:1.27\n' },
  { name: 'docker run --log-opt max-size', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm --log-opt max-size=10m --log-opt max-file=3 nginx:1.27\n' },
  { name: 'docker run --log-driver local', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm --log-driver local nginx:1.27\n' },
  { name: 'docker run --log-driver=none', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm --log-driver=none nginx:1.27\n' },
  { name: 'podman run: journald by default', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/podman run --rm quay.io/acme/app:1.0\n' },
  { name: 'Quadlet: journald by default', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/nginx:1.27\n' },
  { name: 'Quadlet: json-file with LogOpt=max-size', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/nginx:1.27\nLogDriver=json-file\nLogOpt=max-size=10m\n' },
];

const invalid: InvalidCase[] = [
  {
    name: 'compose: no logging at all',
    kind: 'compose',
    code: 'services:\n  web:\n    image: nginx:1.27\n    restart: unless-stopped\n',
    errors: ['2:3'],
    output: 'services:\n  web:\n    image: nginx:1.27\n    restart: unless-stopped\n    logging:\n      options:\n        max-size: "10m"\n        max-file: "3"\n',
  },
  {
    name: 'compose: explicit json-file without options',
    kind: 'compose',
    code: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: json-file\n    ports: ["80:80"]\n',
    errors: ['5:15'],
    output: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: json-file\n      options:\n        max-size: "10m"\n        max-file: "3"\n    ports: ["80:80"]\n',
  },
  {
    name: 'compose: max-file only',
    kind: 'compose',
    code: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: "json-file"\n      options:\n        max-file: "5"\n',
    errors: ['5:15'],
    output: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: "json-file"\n      options:\n        max-file: "5"\n        max-size: "10m"\n',
  },
  {
    name: 'compose: flow-style logging',
    kind: 'compose',
    code: 'services:\n  web:\n    image: nginx:1.27\n    logging: {driver: json-file}\n',
    errors: ['4:23'],
    output: 'services:\n  web:\n    image: nginx:1.27\n    logging: {driver: json-file, options: {max-size: "10m", max-file: "3"}}\n',
  },
  {
    name: 'compose: CRLF, two services',
    kind: 'compose',
    code: crlf(`services:\n  web:\n    image: nginx:1.27\n${ROTATED}  worker:\n    image: ghcr.io/acme/worker:1.2\n`),
    errors: ['9:3'],
    output: crlf(`services:\n  web:\n    image: nginx:1.27\n${ROTATED}  worker:\n    image: ghcr.io/acme/worker:1.2\n    logging:\n      options:\n        max-size: "10m"\n        max-file: "3"\n`),
  },
  {
    name: 'compose: alias of an anchor without max-size (the alias stays)',
    kind: 'compose',
    code: 'x-logging: &default-logging\n  driver: json-file\n\nservices:\n  web:\n    image: nginx:1.27\n    logging: *default-logging # shared\n',
    errors: ['2:11'],
    output: 'x-logging: &default-logging\n  driver: json-file\n\nservices:\n  web:\n    image: nginx:1.27\n    logging: {<<: *default-logging, options: {max-size: "10m", max-file: "3"}} # shared\n',
  },
  {
    name: 'compose: merge key whose logging has no max-size is overridden in the service',
    kind: 'compose',
    code: 'x-common: &common\n  restart: always\n  logging:\n    driver: json-file\n    options:\n      max-file: "5"\nservices:\n  web:\n    <<: *common\n    image: nginx:1.27\n',
    errors: ['4:13'],
    output: 'x-common: &common\n  restart: always\n  logging:\n    driver: json-file\n    options:\n      max-file: "5"\nservices:\n  web:\n    <<: *common\n    image: nginx:1.27\n    logging:\n      driver: json-file\n      options:\n        max-file: "5"\n        max-size: "10m"\n',
  },
  {
    name: 'docker run without log flags',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27\n',
    errors: ['2:1'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --name web --log-opt max-size=10m --log-opt max-file=3 nginx:1.27\n',
  },
  {
    name: 'docker run --log-driver json-file',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --log-driver json-file nginx:1.27\n',
    errors: ['2:49'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --log-driver json-file --log-opt max-size=10m --log-opt max-file=3 nginx:1.27\n',
  },
  {
    name: 'docker run --log-opt max-file only',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --log-opt max-file=5 nginx:1.27\n',
    errors: ['2:1'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --log-opt max-file=5 --log-opt max-size=10m nginx:1.27\n',
  },
  {
    name: 'docker run split over lines, CRLF',
    kind: 'unit',
    code: crlf('[Service]\nRestart=always\nExecStart=/usr/bin/docker run --rm \\\n  --name web \\\n  nginx:1.27\n'),
    errors: ['3:1'],
    output: crlf('[Service]\nRestart=always\nExecStart=/usr/bin/docker run --rm \\\n  --name web \\\n  --log-opt max-size=10m \\\n  --log-opt max-file=3 \\\n  nginx:1.27\n'),
  },
  {
    name: 'podman run with an explicit json-file driver',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/podman run --rm --log-driver=json-file quay.io/acme/app:1.0\n',
    errors: ['2:49'],
    output: '[Service]\nExecStart=/usr/bin/podman run --rm --log-driver=json-file --log-opt max-size=10m --log-opt max-file=3 quay.io/acme/app:1.0\n',
  },
  {
    name: 'Quadlet LogDriver=json-file',
    kind: 'quadlet',
    code: '[Container]\nImage=docker.io/library/nginx:1.27\nLogDriver=json-file\n\n[Service]\nRestart=always\n',
    errors: ['3:11'],
    output: '[Container]\nImage=docker.io/library/nginx:1.27\nLogDriver=json-file\nLogOpt=max-size=10m\nLogOpt=max-file=3\n\n[Service]\nRestart=always\n',
  },
];

ruleTester('CG006', 'log-rotation', { valid, invalid });
