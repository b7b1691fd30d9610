// js-ipfs 0.66.1's dependencies call Promise.withResolvers, which Node gained only in 22: define it
// for Node 20. Loaded with NODE_OPTIONS=--require before the daemon starts.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers () {
    let resolve
    let reject
    const promise = new Promise((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}
