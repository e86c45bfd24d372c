# Independent cross-check (by hand, not run by the tests; needs numpy/scipy): the LPA-Litim scaling
# solution and its eigenvalues for d = 3, N = 1, by scipy shooting + matching. Output (2026-11-23):
#   sigma* = -0.186064249, lambda = -1.53949946 (nu = 0.64956177), 0.65574594, 3.18000651
# Independent LPA-Litim scaling solution (d=3, N=1) in the c_d-rescaled w = u' form, scipy:
# inner series start, outer start w = A rho^2, matching at rho_m; eigenvalues by Wronskian roots.
import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import fsolve, brentq
d=3.0; N=1.0
def rhs(lam):
    def f(r,y):
        w,wp=y[0],y[1]; D=1+w+2*r*wp
        R=-2*w+(d-2)*r*wp-(N-1)*wp/(1+w)**2
        wpp=(D*D*R-3*wp)/(2*r)
        if lam is None: return [wp,wpp]
        v,vp=y[2],y[3]
        rest=-lam*v-2*v+(d-2)*r*vp-(N-1)*(vp/(1+w)**2-2*wp*v/(1+w)**3)+2*(3*wp+2*r*wpp)*(v+2*r*vp)/D**3
        return [wp,wpp,vp,(D*D*rest-3*vp)/(2*r)]
    return f
r0=1e-4
def start(s, lam=None):
    a1=-2*s*(1+s)**2/(N+2)
    y=[s+a1*r0, a1]
    if lam is not None:
        b1=(-(lam+2)*(1+s)**2+2*(N+2)*a1/(1+s))/(N+2); y+= [1+b1*r0,b1]
    return y
rm=2.5; ro=8.0
def inner(s,lam=None): return solve_ivp(rhs(lam),[r0,rm],start(s,lam),method='DOP853',rtol=1e-13,atol=1e-15).y[:,-1]
def outer(A,lam=None):
    y=[A*ro**2,2*A*ro]
    if lam is not None:
        q=(lam+2)/(d-2); y+=[ro**q,q*ro**(q-1)]
    return solve_ivp(rhs(lam),[ro,rm],y,method='Radau',rtol=1e-12,atol=1e-15).y[:,-1]
def mis(x): a=inner(x[0]); b=outer(x[1]); return [a[0]-b[0],a[1]-b[1]]
x=fsolve(mis,[-0.186,inner(-0.186)[0]/rm**2],xtol=1e-14)
print('sigma*',repr(x[0]),'A',x[1])
def W(l):
    a=inner(x[0],l); b=outer(x[1],l); return (a[2]*b[3]-a[3]*b[2])/np.hypot(a[2],a[3])/np.hypot(b[2],b[3])
for lo,hi in [(-1.6,-1.5),(0.6,0.7),(3.1,3.3)]:
    l=brentq(W,lo,hi,xtol=1e-13); print('lambda',repr(l), 'nu' if l<0 else '', -1/l if l<0 else '')
