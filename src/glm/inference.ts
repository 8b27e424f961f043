// The one `stars` lives in src/format (stata levels 0.01/0.05/0.10 by default, NaN gets none); this
// re-export keeps `verdeelmodel/glm`'s `stars` and summary.ts's import until summary.ts imports it itself.
export { stars } from '../format/stars.js';
