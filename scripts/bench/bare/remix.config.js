/**
 * The bare Remix v2 page the bench measures everything against: the same Remix version,
 * compiler and future flags as the app, one route, nothing else. Built by the bench into
 * BARE_BUILD_DIR.
 * @type {import('@remix-run/dev').AppConfig}
 */
const out = process.env.BARE_BUILD_DIR ?? 'build'
export default {
  assetsBuildDirectory: `${out}/client`,
  publicPath: '/build/',
  serverBuildPath: `${out}/server/index.js`,
  serverModuleFormat: 'esm',
  serverPlatform: 'node',
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
}
