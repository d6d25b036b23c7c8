/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Classic compiler. Build output stays under build/ so the repository's top level stays fixed.
  ignoredRouteFiles: ['**/.*', '**/*.test.*'],
  assetsBuildDirectory: 'build/client',
  publicPath: '/build/',
  serverBuildPath: 'build/server/index.js',
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
