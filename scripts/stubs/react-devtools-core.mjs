// Ink imports react-devtools-core statically but only uses it when DEV=true; the bundle has no devtools.
export default {initialize() {}, connectToDevTools() {}};
