import { describe, expect, it } from 'vitest';
import { fixed, lint, locations } from '../helpers.js';

const unit = (...service: string[]) => ['[Unit]', 'Description=web', '', '[Service]', ...service, ''].join('\n');

describe('CG207 unbraced-variable-argument', () => {
  const valid: Array<[string, string[]]> = [
    ['${VAR}', ['Environment=IMAGE=nginx:1.27', 'ExecStart=/usr/bin/docker run --rm ${IMAGE}']],
    ['$$ is a literal $', ['ExecStart=/usr/bin/docker run --rm alpine:3.20 echo $$HOME']],
    ['$X inside a word after the image (the container\'s shell)', ["ExecStart=/usr/bin/docker run --rm alpine:3.20 sh -c 'echo $HOME'"]],
    ['the : prefix turns expansion off', ['ExecStart=:/usr/bin/docker run --rm $IMAGE']],
    ['not a container runtime', ['ExecStart=/usr/bin/env $FOO']],
    ['a sh -c script runs docker itself', ['ExecStart=/bin/sh -c "docker run --rm $IMAGE"']],
    ['the daemon', ['ExecStart=/usr/bin/docker daemon -H fd:// $DOCKER_OPTS']],
  ];
  it.each(valid)('does not flag %s', (_name, lines) => {
    expect(locations(lint('unit', unit(...lines)), 'CG207')).toEqual([]);
  });

  const invalid: Array<[string, string[], string[]]> = [
    ['a lone $VAR', ['EnvironmentFile=/etc/web.env', 'ExecStart=/usr/bin/docker run --rm --name web $IMAGE'], ['6:47']],
    ['a quoted "$VAR" (quotes are removed first)', ['ExecStart=/usr/bin/docker run --rm "$IMAGE"'], ['5:36']],
    ['$IMG:tag names a variable "IMG:tag"', ['ExecStart=/usr/bin/docker run --rm $IMG:1.27'], ['5:36']],
    ['$VAR inside an option word', ['ExecStart=/usr/bin/docker run --rm --name=$NAME -e HOST=$HOST web'], ['5:43', '5:57']],
    ['$OPTS (softer message)', ['ExecStart=/usr/bin/docker run $DOCKER_OPTS web'], ['5:31']],
    ['docker pull $IMAGE', ['ExecStartPre=/usr/bin/docker pull $IMAGE', 'ExecStart=/usr/bin/docker run --rm ${IMAGE}'], ['5:35']],
    ['podman too', ['ExecStart=/usr/bin/podman run --rm $IMAGE'], ['5:36']],
  ];
  it.each(invalid)('flags %s', (_name, lines, expected) => {
    expect(locations(lint('unit', unit(...lines)), 'CG207')).toEqual(expected);
  });

  it('counts the arguments a known value splits into', () => {
    const [finding] = lint('unit', unit('Environment="IMAGE=nginx:1.27 --privileged"', 'ExecStart=/usr/bin/docker run --rm $IMAGE')).filter((f) => f.ruleId === 'CG207');
    expect(finding!.message).toContain('is split into 2 arguments');
    expect(finding!.fix!.safety).toBe('unsafe');
  });

  it('gives list-like names no fix', () => {
    const [finding] = lint('unit', unit('ExecStart=/usr/bin/docker run $DOCKER_OPTS web')).filter((f) => f.ruleId === 'CG207');
    expect(finding!.message).toContain('which is how a list of options is passed');
    expect(finding!.fix).toBeUndefined();
  });

  describe('fix: $VAR becomes ${VAR}', () => {
    it('is safe when Environment= gives one word', () => {
      const text = unit('Environment=IMAGE=nginx:1.27', 'ExecStart=/usr/bin/docker run --rm $IMAGE');
      expect(lint('unit', text).find((f) => f.ruleId === 'CG207')!.fix!.safety).toBe('safe');
      expect(fixed('unit', text, 'CG207')).toBe(unit('Environment=IMAGE=nginx:1.27', 'ExecStart=/usr/bin/docker run --rm ${IMAGE}'));
    });
    it('is unsafe when the value comes from elsewhere', () => {
      const text = unit('EnvironmentFile=/etc/web.env', 'ExecStart=/usr/bin/docker run --rm $IMAGE');
      expect(lint('unit', text).find((f) => f.ruleId === 'CG207')!.fix!.safety).toBe('unsafe');
    });
    it('braces only the name of $IMG:tag', () => {
      expect(fixed('unit', unit('ExecStart=/usr/bin/docker run --rm $IMG:1.27'), 'CG207')).toBe(unit('ExecStart=/usr/bin/docker run --rm ${IMG}:1.27'));
    });
    it('braces every reference inside an option word', () => {
      expect(fixed('unit', unit('ExecStart=/usr/bin/docker run --rm --label=$A-$B web'), 'CG207')).toBe(unit('ExecStart=/usr/bin/docker run --rm --label=${A}-${B} web'));
    });
    it('works inside quotes', () => {
      expect(fixed('unit', unit('Environment=IMAGE=nginx:1.27', 'ExecStart=/usr/bin/docker run --rm "$IMAGE"'), 'CG207')).toBe(
        unit('Environment=IMAGE=nginx:1.27', 'ExecStart=/usr/bin/docker run --rm "${IMAGE}"'),
      );
    });
  });
});
