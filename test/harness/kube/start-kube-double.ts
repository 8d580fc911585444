/**
 * `npm run kube:double`: the API-server double on its own, for pointing kubectl or the bot at it.
 * Prints the kubeconfig path and the cluster DNS address, then serves until interrupted and removes its
 * containers (and gives the DNS address back) on the way out.
 *   KUBE_DOUBLE_IMAGE  image of the pods' namespace holders (default: NETSHOOT_IMAGE, else the
 *                      temporary toolbox image netshoot-bot/kube-double-toolbox:temp)
 *   KUBE_DOUBLE_PORT   port on 127.0.0.1 (default: any free one)
 *   KUBE_DOUBLE_TLS=1  HTTPS with a self-signed certificate the kubeconfig trusts (default: plain
 *                      HTTP with insecure-skip-tls-verify)
 */
import { startKubeDouble } from './kube-double.js';
import { doubleToolboxImage } from './toolbox-image.js';

const double = await startKubeDouble({
  holderImage: doubleToolboxImage(),
  port: process.env.KUBE_DOUBLE_PORT ? Number(process.env.KUBE_DOUBLE_PORT) : undefined,
  tls: process.env.KUBE_DOUBLE_TLS === '1',
});
process.stdout.write(
  `kube double ${double.id} listening on ${double.url}\nKUBECONFIG=${double.kubeconfigPath}\n` +
    `cluster DNS (kube-dns, the nameserver of ClusterFirst pods) on ${double.clusterDnsAddress}:53\n`,
);

// A SIGTERM to the whole process group reaches this process twice (directly, and relayed by tsx);
// the containers are removed once.
let stopping: Promise<void> | undefined;
const stop = () => {
  stopping ??= double.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`kube double ${double.id}: cleaning up failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
  return stopping;
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
