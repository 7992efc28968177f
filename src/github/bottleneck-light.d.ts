// bottleneck ships types for its full build only; its light build (the one the Octokit plugins load) has the same API
// without Redis clustering.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
