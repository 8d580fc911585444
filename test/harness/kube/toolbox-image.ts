import { execFileSync } from 'node:child_process';

/**
 * The image the double's pods and the executor's toolboxes run in tests: NETSHOOT_IMAGE when set, else
 * the project's image for this version (image/, engineer C) when built, else the temporary toolbox
 * made with debootstrap (scripts provisioning it live with the image build).
 */
export function doubleToolboxImage(): string {
  if (process.env.NETSHOOT_IMAGE) return process.env.NETSHOOT_IMAGE;
  for (const candidate of [projectImage(), 'netshoot-bot/kube-double-toolbox:temp']) {
    if (imageExists(candidate)) return candidate;
  }
  return projectImage();
}

function projectImage(): string {
  const version = (process.env.npm_package_version ?? readVersion()).trim();
  return `netshoot-bot/netshoot:${version}`;
}

function readVersion(): string {
  return execFileSync('node', ['-p', "require('./package.json').version"], { encoding: 'utf8' });
}

function imageExists(image: string): boolean {
  try {
    execFileSync('docker', ['image', 'inspect', '--format', '{{.Id}}', image], {
      stdio: 'ignore',
      timeout: 10_000,
    });
    return true;
  } catch {
    return false;
  }
}
