/** Seeds and lines for systemd units and Quadlet `.container` files. */
import { corpusFiles, seeds, seedText } from './seeds.js';

const INLINE_UNITS = [
  '[Unit]\nDescription=web\nAfter=docker.service\n\n[Service]\nEnvironment="IMG=nginx:1.25" OPTS=--rm\nExecStartPre=-/usr/bin/docker rm -f web\nExecStart=/usr/bin/docker run --name web \\\n  -p 80:80 -v /var/run/docker.sock:/var/run/docker.sock \\\n  --cap-add SYS_ADMIN ${IMG} nginx -g "daemon off;"\nExecStop=/usr/bin/docker stop -t 10 web\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n',
  '[Service]\nExecStart=/usr/bin/podman run -d --privileged --security-opt=seccomp=unconfined -itp 8080:80 quay.io/x/y@sha256:0123 sh -c \'echo %i; sleep 1\'\n',
  '[Service]\nType=oneshot\nExecStart=/usr/bin/env FOO=1 docker compose -f /srv/app/compose.yaml up -d\nExecStart=/usr/bin/docker-compose down\n',
];

const INLINE_QUADLETS = [
  '[Unit]\nDescription=cache\n\n[Container]\nImage=docker.io/library/redis:7\nPublishPort=6379:6379\nVolume=/srv/redis:/data:Z\nAddCapability=SYS_ADMIN NET_ADMIN\nSecurityLabelDisable=true\nPodmanArgs=--privileged \\\n  --security-opt seccomp=unconfined\nEnvironment=A=1 "B=two words"\n\n[Service]\nRestart=always\n\n[Install]\nWantedBy=default.target\n',
  '[Container]\nImage="quay.io/x:1"\nUser=0\nGroup=0\nReadOnly=false\nDropCapability=\nLogDriver=json-file\nMount=type=bind,source=/,target=/host\n',
];

/** Lines a unit or a Quadlet file might have, for insertion. */
export const UNIT_LINES = [
  '[Unit]', '[Service]', '[Install]', '[Container]', '[X-Custom]', '[Service', '[Bad"Name]', '',
  '# a comment \\', '; another comment',
  'ExecStart=', 'ExecStart=/usr/bin/docker run --rm -v /:/host --privileged alpine:3 sh -c "id; ls"',
  'ExecStart=/usr/bin/podman run --name %n -e A=$A -e B=${B} $IMAGE',
  'ExecStartPre=-/usr/bin/docker pull nginx', 'ExecStart=@/usr/bin/docker docker run -d x',
  'ExecStart=/usr/bin/docker run --log-opt max-size=10m --cap-drop=ALL --read-only \\',
  'ExecStart=docker run "unbalanced', 'ExecStart=/bin/sh -c \'docker run -t x\'', 'ExecStart=/usr/bin/docker \\; ; /bin/true',
  'ExecStop=/usr/bin/docker stop --time 5 web', 'Environment=IMAGE=nginx:1.27 "B=x y"', 'Environment=', 'Type=oneshot',
  'Restart=always', 'StartLimitIntervalSec=0', 'TimeoutStopSec=5', 'Requires=docker.service', 'After=network-online.target',
  'Image=docker.io/library/nginx:latest', 'Image=', 'User=root', 'Group=wheel', 'ReadOnly=true', 'PodmanArgs=--privileged --cap-add=ALL',
  'PodmanArgs=', 'AddCapability=ALL', 'DropCapability=all', 'SeccompProfile=unconfined', 'Network=host', 'Volume=/run/podman/podman.sock:/sock',
  'LogDriver=k8s-file', 'Unknown=1', 'NoEquals', '=value', 'Key = spaced value ', 'Rootfs=/srv/root',
];

const isQuadlet = (rel: string) => rel.endsWith('.container');
const runsContainers = /\b(docker|podman)(-compose)?\b/;

const units = corpusFiles('systemd', (rel) => !isQuadlet(rel));
const quadlets = corpusFiles('systemd', isQuadlet);

export const UNIT_SEEDS = seeds(units, INLINE_UNITS);
export const QUADLET_SEEDS = seeds(quadlets, INLINE_QUADLETS);
/** The few units (about 50 of 600) that run docker or podman, where most of the parsing happens. */
export const CONTAINER_UNIT_SEEDS = UNIT_SEEDS.filter((seed) => runsContainers.test(seedText(seed)));
export const CORPUS_PRESENT = units.length > 0;
