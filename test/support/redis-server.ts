/** The tests start their own redis-server the way the sandbox does. */
export * from '../../src/sandbox/throwaway-redis';
