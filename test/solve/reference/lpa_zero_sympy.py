# Independent cross-check (by hand, not run by the tests; needs sympy/numpy): Wilson-Fisher roots of the
# LPA-Litim truncations around phi = 0 (N = 1, d = 3, c_d = 1) from 3000 random Newton starts.
# Output: theta_1 = -1.68572182 (phi^6), -1.58551298 (phi^8), -1.53716702 (phi^10).
import sympy as sp, numpy as np
d=3; c=1
for n in [3,4,5]:
    x=sp.symbols('x'); g=sp.symbols('g1:%d'%(n+1))
    vpp=sum(g[j]*x**j/sp.factorial(2*j) for j in range(n))
    w=sp.series(1/(1+vpp),x,0,n+1).removeO()
    betas=[(-d+(k+1)*(d-2))*g[k]+c*sp.factorial(2*(k+1))*w.coeff(x,k+1) for k in range(n)]
    # solve numerically from many starts
    f=sp.lambdify([g],betas); J=sp.lambdify([g],sp.Matrix(betas).jacobian(g))
    rng=np.random.default_rng(1); roots=[]
    for s in range(3000):
        z=rng.uniform(-1,1,n)*10**rng.uniform(-3,1,n)
        for it in range(100):
            try:
                dz=np.linalg.solve(np.array(J(z),float),-np.array(f(z),float))
            except Exception: break
            z=z+dz
            if not np.all(np.isfinite(z)): break
            if np.max(np.abs(dz))<1e-13: break
        if np.all(np.isfinite(z)) and np.max(np.abs(f(z)))<1e-10 and 1+z[0]>0 and np.max(np.abs(z))>1e-3:
            if not any(np.max(np.abs(z-r))<1e-6 for r in roots): roots.append(z)
    for r in roots:
        ev=np.sort(np.linalg.eigvals(np.array(J(r),float)).real)
        print(2*n, r[:3], ev[:4])
