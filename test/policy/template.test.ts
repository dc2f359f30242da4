import { describe, expect, it } from 'vitest';
import { containerView, dockerfileView, unitView, type PolicyTarget } from '../../src/policy/model-view.js';
import { renderMessage, validateTemplate } from '../../src/policy/template.js';
import { bareContainer, fullContainer, imagelessContainer, sampleDockerfile, sampleUnit } from './view-samples.js';

describe('renderMessage', () => {
  const full = containerView(fullContainer());
  const long = fullContainer();
  long.env = [{ value: { name: 'BIG', value: 'x'.repeat(500) }, span: { start: 0, end: 0 } }];

  const table: Array<[string, object, string]> = [
    ['{{image.ref}} is not from registry.example.com', full, 'ghcr.io/acme/web:1.2 is not from registry.example.com'],
    ['{{ image.ref }} (spaces inside the braces)', full, 'ghcr.io/acme/web:1.2 (spaces inside the braces)'],
    ['{{name}} adds {{capAdd}}', full, 'web adds SYS_ADMIN, NET_ADMIN'],
    ['first mount: {{mounts.0.source}}', full, 'first mount: /var/run/docker.sock'],
    ['max-size {{logOptions.max-size}}', full, 'max-size 10m'],
    ['stop after {{stopTimeout}}s, privileged={{privileged}}', full, 'stop after 10s, privileged=true'],
    ['{{healthcheck}}', full, '{"disabled":true}'],
    ['user {{user}}!', containerView(bareContainer()), 'user !'],
    ['{{image.ref}}|{{mounts.5.source}}|{{logOptions.nope}}', containerView(imagelessContainer()), '||'],
    ['{{capAdd.length}} caps', full, '2 caps'],
    ['{{image.ref.constructor}}', full, ''],
    ['{{env.0.value}}', containerView(long), `${'x'.repeat(199)}…`],
    ['{{ image.ref + 1 }} stays as written', full, '{{ image.ref + 1 }} stays as written'],
    ['no placeholders', full, 'no placeholders'],
    ['{{finalStage.user}} in {{finalStage.name}}', dockerfileView(sampleDockerfile()), 'app in final'],
    ['{{name}} restarts {{sections.Service.Restart}}', unitView(sampleUnit()), 'web.service restarts always'],
  ];

  it.each(table)('%j', (template, view, expected) => {
    expect(renderMessage(template, view)).toBe(expected);
  });
});

describe('validateTemplate', () => {
  const table: Array<[string, PolicyTarget, string[]]> = [
    ['{{image.ref}} is not from registry.example.com', 'container', []],
    ['{{mounts.0.source}} {{logOptions.max-size}} {{capAdd.length}}', 'container', []],
    ['{{sections.Service.User}} {{containers.0.image.ref}}', 'unit', []],
    ['{{finalStage.image.tag}}', 'dockerfile', []],
    ['{{image.regsitry}}', 'container', ['unknown field `image.regsitry`; did you mean `image.registry`?']],
    ['{{imgae.ref}}', 'container', ['unknown container field `imgae` in `{{imgae.ref}}`; did you mean `{{image}}`?']],
    ['{{registry}}', 'container', ['unknown container field `registry` in `{{registry}}`; did you mean `{{image.registry}}`?']],
    ['{{mounts.0.sourc}}', 'container', ['unknown field `mounts.0.sourc`; did you mean `mounts.0.source`?']],
    ['{{capAdd.first}}', 'container', ['`capAdd` is a list; it has `length` and [index] but no field `first`']],
    ['{{user.name}}', 'container', ['`user` is a string; it has `length` and [index] but no field `name`']],
    ['{{capAdd}}', 'dockerfile', ['unknown dockerfile field `capAdd` in `{{capAdd}}`']],
    [
      '{{ image.ref + 1 }} and {{}}',
      'container',
      [
        '`{{ image.ref + 1 }}` is not a field path; placeholders hold dotted field names such as `{{image.ref}}`',
        '`{{}}` is not a field path; placeholders hold dotted field names such as `{{image.ref}}`',
      ],
    ],
    ['{{image.ref} is cut', 'container', ['`{{` without a closing `}}`']],
  ];

  it.each(table)('%j for %s', (template, target, problems) => {
    expect(validateTemplate(template, target)).toEqual(problems);
  });
});
