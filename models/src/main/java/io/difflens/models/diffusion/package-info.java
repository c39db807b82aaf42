/**
 * Noise schedules and samplers: {@link io.difflens.models.diffusion.NoiseSchedule} (betas,
 * alphas_cumprod, add_noise) and {@link io.difflens.models.diffusion.EulerDiscreteScheduler}, built
 * from diffusers scheduler configs ({@link io.difflens.models.diffusion.SchedulerConfig}).
 */
package io.difflens.models.diffusion;
