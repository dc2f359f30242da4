/**
 * CG005 seccomp-unconfined: `seccomp=unconfined` or the deprecated `seccomp:unconfined` (the CLI
 * splits a security option on the first `=`, else on the first `:`; facts §5), as
 * `--security-opt X` or `--security-opt=X`, in compose `security_opt`, or Quadlet
 * `SeccompProfile=unconfined`. The fix removes the option (and an emptied `security_opt`).
 */
import { crlf, ruleTester, type InvalidCase, type ValidCase } from './core-rule-tester.js';

const valid: ValidCase[] = [
  { name: 'compose: no security_opt', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n' },
  { name: 'compose: a custom profile', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - seccomp=./seccomp.json\n      - no-new-privileges:true\n' },
  { name: 'compose: apparmor unconfined is another rule', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    security_opt: ["apparmor:unconfined"]\n' },
  { name: 'docker run: a custom profile', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm --security-opt seccomp=/etc/docker/seccomp/web.json nginx:1.27\n' },
  { name: 'docker run: seccomp=builtin', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm --security-opt=seccomp=builtin nginx:1.27\n' },
  { name: 'docker run: the words after the image are the command\'s', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm alpine:3.20 echo --security-opt seccomp=unconfined\n' },
  { name: 'docker run: label=disable is another rule', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/podman run --rm --security-opt label=disable quay.io/acme/app:1.0\n' },
  { name: 'Quadlet: a custom profile', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/nginx:1.27\nSeccompProfile=/usr/share/containers/seccomp.json\n' },
  { name: 'Quadlet: NoNewPrivileges=true', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/nginx:1.27\nNoNewPrivileges=true\n' },
];

const invalid: InvalidCase[] = [
  {
    name: 'compose: the only item of a block list (the key goes too)',
    kind: 'compose',
    code: 'services:\n  app:\n    image: ghcr.io/acme/app:2.1.0\n    security_opt:\n      - seccomp:unconfined\n    restart: always\n',
    errors: ['5:9'],
    output: 'services:\n  app:\n    image: ghcr.io/acme/app:2.1.0\n    restart: always\n',
  },
  {
    // The author's note stays: a fix takes settings out, never comments.
    name: 'compose: one item of a block list, its comment kept',
    kind: 'compose',
    code: 'services:\n  app:\n    image: ghcr.io/acme/app:2.1.0\n    security_opt:\n      - no-new-privileges:true\n      - seccomp=unconfined # needed for chrome\n',
    errors: ['6:9'],
    output: 'services:\n  app:\n    image: ghcr.io/acme/app:2.1.0\n    security_opt:\n      - no-new-privileges:true\n      # needed for chrome\n',
  },
  {
    name: 'compose: one item of a flow list',
    kind: 'compose',
    code: 'services:\n  app:\n    image: ghcr.io/acme/app:2.1.0\n    security_opt: ["seccomp:unconfined", "no-new-privileges:true"]\n',
    errors: ['4:20'],
    output: 'services:\n  app:\n    image: ghcr.io/acme/app:2.1.0\n    security_opt: ["no-new-privileges:true"]\n',
  },
  {
    name: 'compose: the only item of a flow list',
    kind: 'compose',
    code: 'services:\n  app:\n    image: ghcr.io/acme/app:2.1.0\n    security_opt: [seccomp=unconfined]\n    user: "1000"\n',
    errors: ['4:20'],
    output: 'services:\n  app:\n    image: ghcr.io/acme/app:2.1.0\n    user: "1000"\n',
  },
  {
    name: "compose: the only item, commented, with a quote in the comment",
    kind: 'compose',
    code: 'services:\n  app:\n    image: ghcr.io/acme/app:2.1.0\n    security_opt:\n      - "seccomp:unconfined" # it\'s for strace\n    restart: always\n',
    errors: ['5:9'],
    output: 'services:\n  app:\n    image: ghcr.io/acme/app:2.1.0\n    # it\'s for strace\n    restart: always\n',
  },
  {
    name: 'compose: CRLF',
    kind: 'compose',
    code: crlf('services:\n  app:\n    image: ghcr.io/acme/app:2.1.0\n    security_opt:\n      - seccomp:unconfined\n'),
    errors: ['5:9'],
    output: crlf('services:\n  app:\n    image: ghcr.io/acme/app:2.1.0\n'),
  },
  {
    name: 'compose: from a merge key, overridden in the service',
    kind: 'compose',
    code: 'x-debug: &debug\n  security_opt:\n    - seccomp:unconfined\n    - apparmor:unconfined\nservices:\n  app:\n    <<: *debug\n    image: ghcr.io/acme/app:2.1.0\n',
    errors: ['3:7'],
    output: 'x-debug: &debug\n  security_opt:\n    - seccomp:unconfined\n    - apparmor:unconfined\nservices:\n  app:\n    <<: *debug\n    image: ghcr.io/acme/app:2.1.0\n    security_opt:\n      - apparmor:unconfined\n',
  },
  {
    name: 'docker run --security-opt seccomp=unconfined (space form)',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --security-opt seccomp=unconfined --name web nginx:1.27\n',
    errors: ['2:51'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27\n',
  },
  {
    name: 'docker run --security-opt=seccomp:unconfined on a continuation line of its own',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm \\\n    --security-opt=seccomp:unconfined \\\n    --cap-drop all \\\n    nginx:1.27\n',
    errors: ['3:20'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm \\\n    --cap-drop all \\\n    nginx:1.27\n',
  },
  {
    name: 'docker run: quoted option at the end of a continued line',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --security-opt "seccomp=unconfined" \\\n    nginx:1.27\n',
    errors: ['2:51'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm \\\n    nginx:1.27\n',
  },
  {
    name: 'docker run: two spellings, both removed',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --security-opt seccomp=unconfined --security-opt=seccomp:unconfined nginx:1.27\n',
    errors: ['2:46', '2:80'],
    output: '[Service]\nExecStart=/usr/bin/docker run nginx:1.27\n',
  },
  {
    name: 'CRLF unit',
    kind: 'unit',
    code: crlf('[Service]\nExecStart=/usr/bin/docker run --rm \\\n  --security-opt seccomp=unconfined \\\n  nginx:1.27\n'),
    errors: ['3:18'],
    output: crlf('[Service]\nExecStart=/usr/bin/docker run --rm \\\n  nginx:1.27\n'),
  },
  {
    name: 'podman run --security-opt=seccomp=unconfined',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/podman run --rm --security-opt=seccomp=unconfined quay.io/acme/app:1.0\n',
    errors: ['2:51'],
    output: '[Service]\nExecStart=/usr/bin/podman run --rm quay.io/acme/app:1.0\n',
  },
  {
    name: 'Quadlet SeccompProfile=unconfined',
    kind: 'quadlet',
    code: '[Container]\nImage=docker.io/library/nginx:1.27\nSeccompProfile=unconfined\nPublishPort=80:80\n',
    errors: ['3:16'],
    output: '[Container]\nImage=docker.io/library/nginx:1.27\nPublishPort=80:80\n',
  },
  {
    name: 'Quadlet PodmanArgs with the option among others',
    kind: 'quadlet',
    code: '[Container]\nImage=docker.io/library/nginx:1.27\nPodmanArgs=--security-opt seccomp=unconfined --init\n',
    errors: ['3:27'],
    output: '[Container]\nImage=docker.io/library/nginx:1.27\nPodmanArgs=--init\n',
  },
  {
    name: 'Quadlet PodmanArgs with only the option',
    kind: 'quadlet',
    code: '[Container]\nImage=docker.io/library/nginx:1.27\nPodmanArgs=--security-opt=seccomp=unconfined\nPublishPort=80:80\n',
    errors: ['3:27'],
    output: '[Container]\nImage=docker.io/library/nginx:1.27\nPublishPort=80:80\n',
  },
];

ruleTester('CG005', 'seccomp-unconfined', { valid, invalid });
