// Imported FIRST by worker.js, so it runs before any dist/ module is
// evaluated: wraps every WebAssembly entry point that can compile code from
// bytes and counts each call that tries to. The SDK's worker path must only
// ever instantiate the Module that workerd compiled from the static import.
export const counts = {
  compileFromBytes: 0, // WebAssembly.compile(bytes)
  instantiateFromBytes: 0, // WebAssembly.instantiate(bytes, …)
  moduleConstructor: 0, // new WebAssembly.Module(bytes)
  streaming: 0, // compileStreaming / instantiateStreaming (a Response is bytes too)
  validate: 0, // WebAssembly.validate(bytes): not code generation, counted for information
  instantiateModule: 0, // WebAssembly.instantiate(Module, …): the allowed path, proves the hooks see the SDK
};
export const calls = [];

export const original = {
  compile: WebAssembly.compile,
  instantiate: WebAssembly.instantiate,
  Module: WebAssembly.Module,
  compileStreaming: WebAssembly.compileStreaming,
  instantiateStreaming: WebAssembly.instantiateStreaming,
  validate: WebAssembly.validate,
};

function where() {
  return (new Error().stack || '').split('\n').slice(2, 5).join(' | ');
}

WebAssembly.compile = function compile(...args) {
  counts.compileFromBytes++;
  calls.push(`compile ${where()}`);
  return original.compile.apply(this, args);
};

WebAssembly.instantiate = function instantiate(source, ...rest) {
  if (source instanceof original.Module) {
    counts.instantiateModule++;
  } else {
    counts.instantiateFromBytes++;
    calls.push(`instantiate(bytes) ${where()}`);
  }
  return original.instantiate.call(this, source, ...rest);
};

WebAssembly.Module = new Proxy(original.Module, {
  construct(target, args, newTarget) {
    counts.moduleConstructor++;
    calls.push(`new Module ${where()}`);
    return Reflect.construct(target, args, newTarget === WebAssembly.Module ? target : newTarget);
  },
  apply(target, thisArg, args) {
    counts.moduleConstructor++;
    return Reflect.apply(target, thisArg, args);
  },
});

for (const name of ['compileStreaming', 'instantiateStreaming']) {
  if (typeof original[name] === 'function') {
    WebAssembly[name] = function (...args) {
      counts.streaming++;
      calls.push(`${name} ${where()}`);
      return original[name].apply(this, args);
    };
  }
}

WebAssembly.validate = function validate(...args) {
  counts.validate++;
  return original.validate.apply(this, args);
};

export const hooked = {
  compile: WebAssembly.compile !== original.compile,
  instantiate: WebAssembly.instantiate !== original.instantiate,
  Module: WebAssembly.Module !== original.Module,
  compileStreaming: typeof original.compileStreaming === 'function',
  instantiateStreaming: typeof original.instantiateStreaming === 'function',
};
