/**
 * CG003 writable-rootfs: `read_only` absent or false (`true` and `"true"` count as set, compose
 * accepts booleans as strings), no `--read-only`, no `ReadOnly=true`. The fix also mounts a
 * tmpfs on /tmp for Docker when nothing is mounted there; Podman mounts /tmp, /var/tmp and /run
 * itself with --read-only (ReadOnlyTmpfs defaults to true, facts §4), so nothing is added there.
 */
import { crlf, ruleTester, type InvalidCase, type ValidCase } from './core-rule-tester.js';

const valid: ValidCase[] = [
  { name: 'compose: read_only: true', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    read_only: true\n' },
  { name: 'compose: read_only: "true" (string boolean)', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    read_only: "true"\n' },
  { name: "compose: read_only: 'true'", kind: 'compose', code: "services:\n  web:\n    image: nginx:1.27\n    read_only: 'true'\n" },
  { name: 'compose: read_only from an interpolation default', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    read_only: ${READ_ONLY:-true}\n' },
  {
    name: 'compose: read_only from a merge key',
    kind: 'compose',
    code: 'x-secure: &secure\n  read_only: true\n  tmpfs: [/tmp]\nservices:\n  web:\n    <<: *secure\n    image: nginx:1.27\n',
  },
  { name: 'docker run --read-only', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm --read-only --tmpfs /tmp nginx:1.27\n' },
  { name: 'docker run --read-only=true', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm --read-only=true nginx:1.27\n' },
  { name: 'podman run --read-only', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/podman run --rm --read-only quay.io/acme/app:1.0\n' },
  { name: 'Quadlet ReadOnly=true', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/nginx:1.27\nReadOnly=true\n' },
  { name: 'Quadlet ReadOnly=yes', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/nginx:1.27\nReadOnly=yes\n' },
  { name: 'Quadlet PodmanArgs=--read-only', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/nginx:1.27\nPodmanArgs=--read-only\n' },
];

const invalid: InvalidCase[] = [
  {
    name: 'compose: no read_only (a tmpfs on /tmp comes with it)',
    kind: 'compose',
    code: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n',
    errors: ['2:3'],
    output: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n    read_only: true\n    tmpfs:\n      - /tmp\n',
  },
  {
    name: 'compose: /tmp already a tmpfs',
    kind: 'compose',
    code: 'services:\n  web:\n    image: nginx:1.27\n    tmpfs:\n      - /tmp:size=64m\n',
    errors: ['2:3'],
    output: 'services:\n  web:\n    image: nginx:1.27\n    tmpfs:\n      - /tmp:size=64m\n    read_only: true\n',
  },
  {
    name: 'compose: tmpfs written as one string becomes a list',
    kind: 'compose',
    code: 'services:\n  web:\n    image: nginx:1.27\n    tmpfs: /run\n',
    errors: ['2:3'],
    output: 'services:\n  web:\n    image: nginx:1.27\n    tmpfs: [/run, /tmp]\n    read_only: true\n',
  },
  {
    name: 'compose: /tmp mounted as a long-syntax tmpfs volume',
    kind: 'compose',
    code: 'services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - type: tmpfs\n        target: /tmp\n',
    errors: ['2:3'],
    output: 'services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - type: tmpfs\n        target: /tmp\n    read_only: true\n',
  },
  {
    name: 'compose: read_only: false',
    kind: 'compose',
    code: 'services:\n  web:\n    image: nginx:1.27\n    read_only: false # needs to write its cache\n',
    errors: ['4:16'],
    output: 'services:\n  web:\n    image: nginx:1.27\n    read_only: true # needs to write its cache\n    tmpfs:\n      - /tmp\n',
  },
  {
    name: 'compose: read_only: "false", quotes kept',
    kind: 'compose',
    code: 'services:\n  web:\n    image: nginx:1.27\n    read_only: "false"\n    tmpfs: [/tmp]\n',
    errors: ['4:16'],
    output: 'services:\n  web:\n    image: nginx:1.27\n    read_only: "true"\n    tmpfs: [/tmp]\n',
  },
  {
    name: 'compose: read_only: false from a merge key is overridden',
    kind: 'compose',
    code: 'x-base: &base\n  read_only: false\n  tmpfs:\n    - /run\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n',
    errors: ['2:14'],
    output: 'x-base: &base\n  read_only: false\n  tmpfs:\n    - /run\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n    read_only: true\n    tmpfs:\n      - /run\n      - /tmp\n',
  },
  {
    name: 'compose: CRLF',
    kind: 'compose',
    code: crlf('services:\n  web:\n    image: nginx:1.27\n'),
    errors: ['2:3'],
    output: crlf('services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    tmpfs:\n      - /tmp\n'),
  },
  {
    name: 'docker run without --read-only',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27\n',
    errors: ['2:1'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --name web --read-only --tmpfs /tmp nginx:1.27\n',
  },
  {
    name: 'docker run with a /tmp tmpfs already',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --tmpfs /tmp:rw,size=64m nginx:1.27\n',
    errors: ['2:1'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --tmpfs /tmp:rw,size=64m --read-only nginx:1.27\n',
  },
  {
    name: 'docker run with --mount type=tmpfs on /tmp',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --mount type=tmpfs,destination=/tmp nginx:1.27\n',
    errors: ['2:1'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --mount type=tmpfs,destination=/tmp --read-only nginx:1.27\n',
  },
  {
    name: 'docker run --read-only=false',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --read-only=false --tmpfs /tmp nginx:1.27\n',
    errors: ['2:36'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --read-only --tmpfs /tmp nginx:1.27\n',
  },
  {
    name: 'docker run split over continuation lines',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --name web \\\n    -p 8080:80 \\\n    -v /srv/web:/usr/share/nginx/html:ro \\\n    nginx:1.27\n',
    errors: ['2:1'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --name web \\\n    -p 8080:80 \\\n    -v /srv/web:/usr/share/nginx/html:ro \\\n    --read-only \\\n    --tmpfs /tmp \\\n    nginx:1.27\n',
  },
  {
    name: 'podman run: no tmpfs needed',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/podman run --rm --name web docker.io/library/nginx:1.27\n',
    errors: ['2:1'],
    output: '[Service]\nExecStart=/usr/bin/podman run --rm --name web --read-only docker.io/library/nginx:1.27\n',
  },
  {
    name: 'Quadlet without ReadOnly=',
    kind: 'quadlet',
    code: '[Container]\nImage=docker.io/library/nginx:1.27\nPublishPort=8080:80\n\n[Install]\nWantedBy=default.target\n',
    errors: ['1:1'],
    output: '[Container]\nImage=docker.io/library/nginx:1.27\nPublishPort=8080:80\nReadOnly=true\n\n[Install]\nWantedBy=default.target\n',
  },
  {
    name: 'Quadlet ReadOnly=false',
    kind: 'quadlet',
    code: '[Container]\nImage=docker.io/library/nginx:1.27\nReadOnly=false\nPublishPort=8080:80\n',
    errors: ['3:10'],
    output: '[Container]\nImage=docker.io/library/nginx:1.27\nReadOnly=true\nPublishPort=8080:80\n',
  },
];

ruleTester('CG003', 'writable-rootfs', { valid, invalid });
