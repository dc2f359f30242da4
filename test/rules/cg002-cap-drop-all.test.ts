/**
 * CG002 cap-drop-all: a container without `ALL` in cap_drop / --cap-drop / DropCapability=
 * (any case, CAP_ prefix allowed, `=` and space forms, repeated flags). Quadlet's default is
 * Podman's 11 capabilities, not `all` (facts §4: the "defaults to all" man page text of 4.4/4.5
 * was wrong), so a Quadlet file without DropCapability= is flagged too.
 */
import { crlf, ruleTester, type InvalidCase, type ValidCase } from './core-rule-tester.js';

const valid: ValidCase[] = [
  { name: 'compose: flow list [ALL]', kind: 'compose', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]\n' },
  { name: 'compose: block list, lower case', kind: 'compose', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    cap_drop:\n      - all\n' },
  { name: 'compose: CAP_ prefix', kind: 'compose', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    cap_drop: ["CAP_ALL"]\n' },
  { name: 'compose: ALL among others', kind: 'compose', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    cap_drop:\n      - NET_RAW\n      - ALL\n' },
  {
    name: 'compose: cap_drop from a merge key',
    kind: 'compose',
    code: 'x-hardening: &hardening\n  cap_drop: [ALL]\n  security_opt: ["no-new-privileges:true"]\n\nservices:\n  api:\n    <<: *hardening\n    image: ghcr.io/acme/api:1.4.2\n  worker:\n    <<: *hardening\n    image: ghcr.io/acme/worker:1.4.2\n',
  },
  { name: 'compose: cap_drop list written as an alias', kind: 'compose', code: 'x-caps: &caps [ALL]\nservices:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    cap_drop: *caps\n' },
  { name: 'docker run --cap-drop=ALL', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm --cap-drop=ALL --cap-add=NET_BIND_SERVICE nginx:1.27\n' },
  { name: 'docker run --cap-drop all (space form)', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm --cap-drop all nginx:1.27\n' },
  { name: 'docker run repeated --cap-drop', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm --cap-drop NET_RAW --cap-drop=CAP_ALL nginx:1.27\n' },
  { name: 'docker run --cap-drop on a continuation line', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm \\\n  --cap-drop=ALL \\\n  nginx:1.27\n' },
  { name: 'docker run --cap-drop quoted', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm --cap-drop "ALL" nginx:1.27\n' },
  { name: 'podman run comma list', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/podman run --rm --cap-drop=net_raw,all quay.io/acme/app:1.0\n' },
  { name: 'Quadlet DropCapability=all', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/nginx:1.27\nDropCapability=all\nAddCapability=NET_BIND_SERVICE\n' },
  { name: 'Quadlet DropCapability= with several words', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/nginx:1.27\nDropCapability=NET_RAW ALL\n' },
  { name: 'Quadlet PodmanArgs=--cap-drop=all', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/nginx:1.27\nPodmanArgs=--cap-drop=all\n' },
  { name: 'a unit that runs docker compose, not a container', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker compose up\n' },
];

const invalid: InvalidCase[] = [
  {
    name: 'compose: no cap_drop',
    kind: 'compose',
    code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    restart: unless-stopped\n',
    errors: ['2:3'],
    output: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    restart: unless-stopped\n    cap_drop:\n      - ALL\n',
  },
  {
    name: 'compose: a file that writes lists in flow style gets a flow list',
    kind: 'compose',
    code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    ports: ["8080:8080"]\n    command: ["serve", "--port", "8080"]\n',
    errors: ['2:3'],
    output: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    ports: ["8080:8080"]\n    command: ["serve", "--port", "8080"]\n    cap_drop: [ALL]\n',
  },
  {
    name: 'compose: ALL appended to a flow list',
    kind: 'compose',
    code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    cap_drop: [NET_RAW, MKNOD]\n',
    errors: ['2:3'],
    output: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    cap_drop: [NET_RAW, MKNOD, ALL]\n',
  },
  {
    name: 'compose: ALL appended to a block list, comment kept',
    kind: 'compose',
    code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    cap_drop:\n      - NET_RAW # no raw sockets\n    environment:\n      LOG_LEVEL: info\n',
    errors: ['2:3'],
    output: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    cap_drop:\n      - NET_RAW # no raw sockets\n      - ALL\n    environment:\n      LOG_LEVEL: info\n',
  },
  {
    name: 'compose: only cap_add',
    kind: 'compose',
    code: 'services:\n  proxy:\n    image: traefik:v3.1\n    cap_add:\n      - NET_BIND_SERVICE\n',
    errors: ['2:3'],
    output: 'services:\n  proxy:\n    image: traefik:v3.1\n    cap_add:\n      - NET_BIND_SERVICE\n    cap_drop:\n      - ALL\n',
  },
  {
    name: 'compose: two services, CRLF, indented by four',
    kind: 'compose',
    code: crlf('services:\n    web:\n        image: nginx:1.27\n    db:\n        image: postgres:16\n        cap_drop: [ALL]\n'),
    errors: ['2:5'],
    output: crlf('services:\n    web:\n        image: nginx:1.27\n        cap_drop: [ALL]\n    db:\n        image: postgres:16\n        cap_drop: [ALL]\n'),
  },
  {
    name: 'compose: BOM kept',
    kind: 'compose',
    code: '\ufeffservices:\n  web:\n    image: nginx:1.27\n',
    errors: ['2:3'],
    output: '\ufeffservices:\n  web:\n    image: nginx:1.27\n    cap_drop:\n      - ALL\n',
  },
  {
    name: 'compose: list from a merge key is overridden in the service',
    kind: 'compose',
    code: 'x-base: &base\n  restart: always\n  cap_drop:\n    - NET_RAW\n\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n',
    errors: ['7:3'],
    output: 'x-base: &base\n  restart: always\n  cap_drop:\n    - NET_RAW\n\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n    cap_drop:\n      - NET_RAW\n      - ALL\n',
  },
  {
    name: 'compose: a service with a trailing comment block',
    kind: 'compose',
    code: 'services:\n  web:\n    image: nginx:1.27\n    # ports:\n    #   - "80:80"\n\n# volumes:\n',
    errors: ['2:3'],
    // A comment at the keys' own indentation is not taken as part of the last key.
    output: 'services:\n  web:\n    image: nginx:1.27\n    cap_drop:\n      - ALL\n    # ports:\n    #   - "80:80"\n\n# volumes:\n',
  },
  {
    name: 'docker run without --cap-drop',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27\n',
    errors: ['2:1'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --name web --cap-drop=ALL nginx:1.27\n',
  },
  {
    name: 'docker run dropping some capabilities only',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --cap-drop NET_RAW --cap-drop=MKNOD nginx:1.27\n',
    errors: ['2:1'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --cap-drop NET_RAW --cap-drop=MKNOD --cap-drop=ALL nginx:1.27\n',
  },
  {
    name: '--cap-drop=ALL after the image belongs to the command',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm alpine:3.20 echo --cap-drop=ALL\n',
    errors: ['2:1'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --cap-drop=ALL alpine:3.20 echo --cap-drop=ALL\n',
  },
  {
    name: 'docker run with -- before the image',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm -- nginx:1.27\n',
    errors: ['2:1'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --cap-drop=ALL -- nginx:1.27\n',
  },
  {
    name: 'docker run split over lines with tabs',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm \\\n\t--name web \\\n\tnginx:1.27\n',
    errors: ['2:1'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm \\\n\t--name web \\\n\t--cap-drop=ALL \\\n\tnginx:1.27\n',
  },
  {
    name: 'CRLF unit split over lines',
    kind: 'unit',
    code: crlf('[Service]\nExecStart=/usr/bin/docker run --rm \\\n  -p 80:80 \\\n  nginx:1.27\n'),
    errors: ['2:1'],
    output: crlf('[Service]\nExecStart=/usr/bin/docker run --rm \\\n  -p 80:80 \\\n  --cap-drop=ALL \\\n  nginx:1.27\n'),
  },
  {
    name: 'two containers in one unit',
    kind: 'unit',
    code: '[Service]\nType=oneshot\nExecStartPre=/usr/bin/docker run --rm --cap-drop=ALL migrate/migrate:v4.17.1 up\nExecStart=/usr/bin/docker run --rm ghcr.io/acme/seed:1.0\n',
    errors: ['4:1'],
    output: '[Service]\nType=oneshot\nExecStartPre=/usr/bin/docker run --rm --cap-drop=ALL migrate/migrate:v4.17.1 up\nExecStart=/usr/bin/docker run --rm --cap-drop=ALL ghcr.io/acme/seed:1.0\n',
  },
  {
    name: 'podman run (generated by podman generate systemd)',
    kind: 'unit',
    code: '[Service]\nEnvironment=PODMAN_SYSTEMD_UNIT=%n\nRestart=on-failure\nExecStart=/usr/bin/podman run --cidfile=%t/%n.ctr-id --cgroups=no-conmon --rm --sdnotify=conmon -d --replace --name web -p 8080:80 docker.io/library/nginx:1.27\nType=notify\nNotifyAccess=all\n',
    errors: ['4:1'],
    output: '[Service]\nEnvironment=PODMAN_SYSTEMD_UNIT=%n\nRestart=on-failure\nExecStart=/usr/bin/podman run --cidfile=%t/%n.ctr-id --cgroups=no-conmon --rm --sdnotify=conmon -d --replace --name web -p 8080:80 --cap-drop=ALL docker.io/library/nginx:1.27\nType=notify\nNotifyAccess=all\n',
  },
  {
    name: 'Quadlet without DropCapability=',
    kind: 'quadlet',
    code: '[Unit]\nDescription=web\n\n[Container]\nImage=docker.io/library/nginx:1.27\nAddCapability=NET_BIND_SERVICE\n\n[Install]\nWantedBy=default.target\n',
    errors: ['4:1'],
    output: '[Unit]\nDescription=web\n\n[Container]\nImage=docker.io/library/nginx:1.27\nAddCapability=NET_BIND_SERVICE\nDropCapability=all\n\n[Install]\nWantedBy=default.target\n',
  },
  {
    name: 'Quadlet dropping some capabilities only',
    kind: 'quadlet',
    code: '[Container]\nImage=docker.io/library/nginx:1.27\nDropCapability=NET_RAW\nPublishPort=80:80\n',
    errors: ['1:1'],
    output: '[Container]\nImage=docker.io/library/nginx:1.27\nDropCapability=NET_RAW\nPublishPort=80:80\nDropCapability=all\n',
  },
];

ruleTester('CG002', 'cap-drop-all', { valid, invalid });
