// The environment most front-end unit tests run in; src/node.test.js asks for Node's own.
export default {
  test: { environment: 'jsdom' },
};
